import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, UserConfig } from 'vite';

/**
 * What the console's and the GraphiQL page's builds share: React, this folder as root, and no inline script or style
 * (the server's policies for both pages forbid them: src/console/console-static.ts, src/graphiql/graphiql-page.ts).
 */
export function pageConfig(build: BuildOptions & { outDir: string }, rest: Omit<UserConfig, 'root' | 'plugins' | 'build'> = {}): UserConfig {
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react()],
    build: { emptyOutDir: true, assetsInlineLimit: 0, modulePreload: { polyfill: false }, ...build },
    ...rest,
  };
}
