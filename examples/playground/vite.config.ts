import { defineConfig } from 'vite';

// A static page: relative asset URLs, so the built dist/ works from any path.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 8192 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
