import { loadConfig } from './config.js';
import { startHamgam } from './hamgam.js';

/** A stop waits this long for requests and the pipelines' work in flight, then exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

const hamgam = await startHamgam(loadConfig());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // A running load or snapshot backfill can outlast a close; every committed step is already
    // durable and an unfinished run rolls back, so exiting after the grace loses nothing.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    void hamgam.close().finally(() => process.exit(0));
  });
}
