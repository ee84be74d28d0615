/**
 * Development only: lets the sandbox worker run from TypeScript source when the server itself runs
 * from source (vitest, `--conditions=source`). Node 20 cannot strip types, so this registers module
 * hooks that compile `.ts` with the Vite already in the workspace root (oxc) and map the `.js`
 * specifiers of our ESM sources to their `.ts` files. The built server spawns `sandbox.worker.js`
 * from `dist` with plain node and never loads this file.
 */
import { register } from 'node:module';

register('./dev-ts-hooks.mjs', import.meta.url);
