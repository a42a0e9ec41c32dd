// graphql-ws publishes `graphql-ws/use/ws` through package exports, which this project's `moduleResolution: node`
// does not read; the runtime resolves it, this points the compiler at the same declarations.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws.cjs';
}
