import { defineConfig } from 'vite';

// During `npm run dev` / `npm run preview` the page is served by Vite, so the
// tile and lookup routes are forwarded to a running policymap server.
const server = process.env.POLICYMAP_SERVER ?? 'http://127.0.0.1:8080';
const proxy = { '/tiles': server, '/v1': server, '/openapi.json': server };

export default defineConfig({
  // Relative asset URLs: the C++ server may mount the widget under any path.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // MapLibre changes far less often than our code; a separate hashed
        // chunk stays cached across widget releases.
        manualChunks: { maplibre: ['maplibre-gl'] },
      },
    },
    // MapLibre alone is ~1 MB minified (~280 kB gzip); that is expected.
    chunkSizeWarningLimit: 1200,
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
});
