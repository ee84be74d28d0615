import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The landing page's critical path, announced in index.html so the browser fetches it while the
 * entry chunk is still downloading (issue 8, benchmark 6): the scoreboard chart's chunks (ECharts,
 * loaded lazily so the table never waits for them) as modulepreload, and the Vazirmatn faces the
 * chart waits for before it draws (canvas text does not re-render when a font arrives).
 */
function preloadLandingPath(): Plugin {
  return {
    name: 'hamgam-preload-landing',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle ?? {};
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const chart = chunks.find((c) => c.facadeModuleId?.endsWith('/features/scoreboard/ScoreboardChart.tsx'));
        const entry = chunks.find((c) => c.isEntry);
        if (!chart) throw new Error('preloadLandingPath: no chunk for ScoreboardChart.tsx');
        const inEntry = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
        const scripts = [chart.fileName, ...chart.imports].filter((f) => !inEntry.has(f));
        const fonts = Object.keys(bundle).filter((f) => /vazirmatn-(arabic|latin)-(400|700)-normal-[\w-]+\.woff2$/.test(f));
        return [
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
