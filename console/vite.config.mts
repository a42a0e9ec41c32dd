import { defineConfig } from 'vite';
import { pageConfig } from './vite.page.mts';

/** The API the dev server proxies to (`npm start` in another terminal): GraphQL, graphql-ws and the HTTP routes. */
const api = process.env.CONSOLE_API_URL ?? 'http://localhost:3000';

export default defineConfig(
  pageConfig(
    { outDir: 'dist', chunkSizeWarningLimit: 1200 },
    {
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
    },
  ),
);
