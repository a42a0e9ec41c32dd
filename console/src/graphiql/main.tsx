import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import type { Fetcher } from '@graphiql/toolkit';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryStorage } from './memory-storage';

/**
 * The GraphQL IDE the API serves at GET /graphql outside production (src/graphiql), built from the pinned graphiql
 * package: everything it loads comes from this origin. Requests go over HTTP to this origin's /graphql with the
 * headers typed in the headers editor (`{"Authorization": "Bearer …"}`); subscriptions are the console's business.
 */
const fetcher: Fetcher = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(options?.headers as Record<string, string> | undefined) },
    body: JSON.stringify(params),
  });
  return response.json();
};

const INITIAL_HEADERS = JSON.stringify({ Authorization: 'Bearer <paste a token from npm run token>' }, null, 2);

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} storage={new MemoryStorage()} shouldPersistHeaders={false} initialHeaders={INITIAL_HEADERS} isHeadersEditorEnabled />
  </StrictMode>,
);
