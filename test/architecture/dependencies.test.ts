import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALLOWED, PACKAGES, findViolations, importsOf, readSources } from './import-rules.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

describe('package dependencies go one way', () => {
  it('no source file imports a package it may not', () => {
    const files = readSources(repoRoot);
    expect(files.length).toBeGreaterThan(20);
    expect(findViolations(files)).toEqual([]);
  });

  it('no package.json declares a package it may not depend on', () => {
    for (const pkg of PACKAGES) {
      const manifest = JSON.parse(readFileSync(join(repoRoot, pkg, 'package.json'), 'utf8'));
      const ours = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter((d) => d.startsWith('@hamgam/'))
        .map((d) => d.slice('@hamgam/'.length));
      for (const dep of ours) expect(ALLOWED[pkg], `${pkg} depends on ${dep}`).toContain(dep);
    }
  });

  it('catches an import that goes the wrong way', () => {
    const violations = findViolations([
      { pkg: 'warehouse', path: 'warehouse/src/x.ts', text: "import { startHamgam } from '@hamgam/server';" },
      { pkg: 'web', path: 'web/src/y.tsx', text: "import type { Warehouse } from '@hamgam/warehouse';" },
      { pkg: 'shared', path: 'shared/src/z.ts', text: "export { a } from '../../pipelines/src/a.js';" },
      { pkg: 'pipelines', path: 'pipelines/src/ok.ts', text: "import { openWarehouse } from '@hamgam/warehouse';\nimport './local.js';" },
    ]);
    expect(violations.map((v) => [v.path, v.specifier])).toEqual([
      ['warehouse/src/x.ts', '@hamgam/server'],
      ['web/src/y.tsx', '@hamgam/warehouse'],
      ['shared/src/z.ts', '../../pipelines/src/a.js'],
    ]);
  });

  it('reads every form of import', () => {
    expect(importsOf("import a from 'a';\nimport type { B } from \"b\";\nexport * from './c.js';\nconst d = await import('d');\nimport 'e.css';")).toEqual([
      'a',
      'b',
      './c.js',
      'd',
      'e.css',
    ]);
  });
});
