import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

describe('configuration from the environment', () => {
  it('starts with nothing set: embedded SQLite under ./data, port 3000, a development secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStoreUrl: 'sqlite', sqliteSynchronous: 'FULL', logLevel: 'info', production: false });
    expect(config.dataDir).toMatch(/data$/);
    expect(config.auth.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ EVENT_STORE_URL: 'postgres://db' }, /EVENT_STORE_URL must be "sqlite" or an esdb:\/\//],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, /SQLITE_SYNCHRONOUS must be one of FULL, NORMAL/],
    [{ AUTH_JWT_SECRET: 'short' }, /AUTH_JWT_SECRET must be at least 32 characters/],
    [{ AUTH_JWKS_URL: 'not a url' }, /AUTH_JWKS_URL must be/],
    [{ AUTH_JWKS_URL: 'https://issuer.example/jwks' }, /needs AUTH_ISSUER and AUTH_AUDIENCE/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses to start in production without real key material, and never uses the development secret there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/needs real key material/);
    const config = loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://issuer.example/jwks', AUTH_ISSUER: 'https://issuer.example', AUTH_AUDIENCE: 'careledger' });
    expect(config.auth.jwtSecret).toBeUndefined();
    expect(config.graphql.introspection).toBe(false);
  });

  it('accepts an EventStoreDB connection string', () => {
    expect(loadConfig({ EVENT_STORE_URL: 'esdb://localhost:2113?tls=false' }).eventStoreUrl).toBe('esdb://localhost:2113?tls=false');
  });
});
