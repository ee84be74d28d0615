import { loadConfig } from './config.js';
import { startHamgam } from './hamgam.js';

const hamgam = await startHamgam(loadConfig());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void hamgam.close().finally(() => process.exit(0));
  });
}
