import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
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
