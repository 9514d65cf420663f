import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The lab API server (`pulseboard-lab serve`) serves dist/ at / in production; in dev the
// Vite server proxies /api (including the /api/stream WebSocket) and the framed control panel
// /panel/<user>/ (page, assets, API, SSE and its /ws WebSocket) to it, so both stay same-origin.
const LAB_API = process.env.PULSEBOARD_LAB_URL ?? 'http://127.0.0.1:5170';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // CodeMirror is one ~500 kB lazy chunk (the editor tab); that is expected, not a warning.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: {
    proxy: {
      '/api': { target: LAB_API, changeOrigin: true, ws: true },
      '/panel': { target: LAB_API, changeOrigin: true, ws: true },
    },
  },
});
