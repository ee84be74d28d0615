/**
 * The one-way dependency rule between packages (DESIGN.md):
 * shared ← warehouse ← pipelines ← server, and web ← shared.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const PACKAGES = ['shared', 'warehouse', 'pipelines', 'server', 'web'] as const;
export type PackageName = (typeof PACKAGES)[number];

export const ALLOWED: Record<PackageName, readonly PackageName[]> = {
  shared: [],
  warehouse: ['shared'],
  pipelines: ['shared', 'warehouse'],
  server: ['shared', 'warehouse', 'pipelines'],
  web: ['shared'],
};

export interface SourceFile {
  pkg: PackageName;
  path: string; // relative to the repo root
  text: string;
}

export interface Violation {
  path: string;
  specifier: string;
  reason: string;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

export function findViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file.text)) {
      const ours = /^@hamgam\/([a-z-]+)/.exec(specifier);
      if (ours) {
        const target = ours[1] as PackageName;
        if (target !== file.pkg && !ALLOWED[file.pkg].includes(target))
          violations.push({ path: file.path, specifier, reason: `${file.pkg} may import only ${ALLOWED[file.pkg].join(', ') || 'nothing of ours'}` });
        if (target === file.pkg) violations.push({ path: file.path, specifier, reason: 'a package imports its own files by relative path' });
        continue;
      }
      if (specifier.startsWith('.')) {
        // A relative import must stay inside its own package.
        const target = resolve('/', file.path, '..', specifier).slice(1);
        if (!target.startsWith(`${file.pkg}/`)) violations.push({ path: file.path, specifier, reason: 'relative import leaves the package' });
      }
    }
  }
  return violations;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(full);
  }
}

export function readSources(repoRoot: string): SourceFile[] {
  return PACKAGES.flatMap((pkg) => {
    const files: string[] = [];
    walk(join(repoRoot, pkg, 'src'), files);
    return files.map((f) => ({ pkg, path: relative(repoRoot, f).split(sep).join('/'), text: readFileSync(f, 'utf8') }));
  });
}
