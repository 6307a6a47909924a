import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// SharedArrayBuffer in the page needs cross-origin isolation on every server.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
});
