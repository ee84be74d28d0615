// A pipeline run in a process of its own, for the kill -9 test (pipelines/src/kill-run.spec.ts).
// Runs the built packages (dist): node cannot load the TypeScript sources by itself.
// argv: <warehouse file> <source JSON> <now ISO> <hold: "hold" to wait forever just before commit>
import { openWarehouse } from '@hamgam/warehouse';
import { runSource } from '../../dist/index.js';

const [path, sourceJson, nowIso, hold] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);
const wh = await openWarehouse({ path });
say('fetching');
const result = await runSource(wh, JSON.parse(sourceJson), {
  now: new Date(nowIso),
  retries: 0,
  hooks: {
    afterFetch: () => say('fetched'),
    beforeCommit: async () => {
      say('before-commit');
      if (hold === 'hold') await new Promise(() => {}); // until killed
    },
  },
});
say(`result ${JSON.stringify(result)}`);
await wh.close();
