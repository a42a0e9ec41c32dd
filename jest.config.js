/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/test/support/jest-esm-transformer.js' },
  // ESM-only packages must be compiled for Jest; everything else in node_modules is loaded as is.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@as-integrations|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|uid|load-esm)/)'],
  // Two cores: keep workers low so server-starting suites do not starve each other.
  maxWorkers: 2,
  testTimeout: 30000,
};
