import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The API the dev server proxies to (`npm start` in another terminal): GraphQL, graphql-ws and the HTTP routes. */
const api = process.env.CONSOLE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline script or style anywhere: the server's policy for the console forbids them (src/console/console-static.ts).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/exports': { target: api, changeOrigin: true },
      '/evidence': { target: api, changeOrigin: true },
      '/ledger': { target: api, changeOrigin: true },
      '/console': { target: api, changeOrigin: true },
      '/health': { target: api, changeOrigin: true },
    },
  },
});
