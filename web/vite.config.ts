import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The landing page's critical path, announced in index.html so the browser fetches it while the
 * entry chunk is still downloading (issue 8, benchmark 6): the scoreboard chart's chunks (ECharts,
 * loaded lazily so the table never waits for them) as modulepreload, and the Vazirmatn faces the
 * chart waits for before it draws (canvas text does not re-render when a font arrives).
 */
function preloadLandingPath(): Plugin {
  const boot = fileURLToPath(new URL('./src/landing-boot.ts', import.meta.url));
  return {
    name: 'hamgam-preload-landing',
    apply: 'build',
    // src/landing-boot.ts as a chunk of its own (in index.html Vite would merge it into the entry,
    // which is what it must run before): it starts the landing page's requests.
    buildStart() {
      this.emitFile({ type: 'chunk', id: boot, name: 'landing-boot' });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const chart = chunks.find((c) => c.facadeModuleId?.endsWith('/features/scoreboard/ScoreboardChart.tsx'));
        const bootChunk = chunks.find((c) => c.facadeModuleId === boot);
        if (!chart || !bootChunk) throw new Error('preloadLandingPath: no chunk for ScoreboardChart.tsx or landing-boot.ts');
        if (bootChunk.imports.length) throw new Error(`preloadLandingPath: landing-boot.ts must import nothing (it imports ${bootChunk.imports})`);
        const scripts = [chart.fileName, ...chart.imports].filter((f) => !html.includes(f));
        const fonts = Object.keys(bundle).filter((f) => /vazirmatn-(arabic|latin)-(400|700)-normal-[\w-]+\.woff2$/.test(f));
        return [
          { tag: 'script', attrs: { type: 'module', crossorigin: true, src: `/${bootChunk.fileName}` }, injectTo: 'head-prepend' as const },
          ...scripts.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
          ...fonts.map((f) => ({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadLandingPath()],
  // 'source' makes '@hamgam/shared' resolve to its TypeScript source, so the web never waits on
  // (or drifts from) a separate build of shared.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Vazirmatn's woff2 files are ~20 KB each; keep them as files so the browser caches them.
    assetsInlineLimit: 0,
    // The lazily loaded chart chunk is ECharts (~584 kB, 198 kB gzip), tree-shaken to the charts
    // used; the workbench's chunk holds CodeMirror and apache-arrow (~611 kB, 182 kB gzip); the
    // landing page's own chunk is ~93 kB gzip (React and both dictionaries), and every other page
    // loads on demand.
    chunkSizeWarningLimit: 650,
  },
});
