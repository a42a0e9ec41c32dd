import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { pageConfig } from './vite.page.mts';

/**
 * The GraphiQL page (graphiql.html): its own build beside the console's, in dist-graphiql, served outside production
 * only, the page at GET /graphql and its assets under /graphiql/ (src/graphiql/graphiql-page.ts).
 */
export default defineConfig(
  pageConfig(
    {
      outDir: 'dist-graphiql',
      // Monaco is large; this page is a developer's tool and never served in production.
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: fileURLToPath(new URL('graphiql.html', import.meta.url)) },
    },
    { base: '/graphiql/', worker: { format: 'es' } },
  ),
);
