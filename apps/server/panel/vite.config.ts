import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into panel/dist, which the pulseboard server serves (it compresses and ETags it).
// Relative asset URLs (base './'): the same build works at / on the board and under a prefix
// (the lab serves it at /panel/<user>/ unchanged). The app's own requests are relative too.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/ws': { target: 'ws://127.0.0.1:8080', ws: true } } },
});
