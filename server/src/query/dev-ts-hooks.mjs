/** Module hooks for dev-ts-loader.mjs (they run on Node's loader thread). */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let oxc;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (relative && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  oxc ??= (await import('vite')).transformWithOxc;
  const path = fileURLToPath(url);
  const result = await oxc(await readFile(path, 'utf8'), path, { lang: 'ts', sourcemap: false });
  return { format: 'module', source: result.code, shortCircuit: true };
}
