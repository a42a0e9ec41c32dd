/**
 * NestJS 12 and a few of its dependencies ship ES modules only. Node 20 loads them from CommonJS natively
 * (require(esm)), but Jest's module system does not, so under Jest those packages are compiled to CommonJS by
 * swc. `import.meta` has no CommonJS form, so it is rewritten first to its CommonJS equivalents.
 */
const swcJest = require('@swc/jest');

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs', ignoreDynamic: false },
};

const transformer = swcJest.createTransformer(swcOptions);

const rewriteImportMeta = (source) =>
  source
    .replace(/import\.meta\.url/g, '("file://" + __filename)')
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');

module.exports = {
  ...transformer,
  process(source, path, options) {
    return transformer.process(path.includes('node_modules') ? rewriteImportMeta(source) : source, path, options);
  },
  getCacheKey(source, path, options) {
    return transformer.getCacheKey(path.includes('node_modules') ? rewriteImportMeta(source) : source, path, options);
  },
};
