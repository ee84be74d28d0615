/**
 * Runs the agency simulator for operators and demos:
 *   PORT=4100 SEED=1405 [TODAY=YYYY-MM-DD] [HOST=127.0.0.1] node pipelines/dist/simulator/main.js
 * Without TODAY the feeds follow the clock: each day's rows appear once the day has ended in Tehran.
 */
import { DEFAULT_SIMULATOR_SEED, startSimulator } from './simulator.server.js';

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

const sim = await startSimulator({
  port: intFromEnv('PORT', 4100),
  host: process.env.HOST || '127.0.0.1',
  seed: intFromEnv('SEED', DEFAULT_SIMULATOR_SEED),
  today: process.env.TODAY || undefined,
});
const first = sim.agencies[0];
const clock = process.env.TODAY ? `fixed on ${process.env.TODAY}` : 'following the clock';
console.log(`agency simulator listening on ${sim.url} (seed ${sim.world.seed}, ${sim.agencies.length} agencies, data to ${sim.world.lastDay}, ${clock})`);
if (first) console.log(`try: curl -H 'Authorization: Bearer ${sim.tokenFor(first.agencyId)}' ${sim.url}/agencies/${first.agencyId}/v1/services`);

const stop = () => void sim.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
