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
    [{ PAYER_ENDPOINTS: 'payer-x' }, /PAYER_ENDPOINTS must list payerId=/],
    [{ PAYER_ENDPOINTS: 'payer-x=ftp://payer.example/fhir' }, /PAYER_ENDPOINTS must list payerId=/],
    [{ PAYER_ENDPOINTS: 'payer-x=https://user:secret@payer.example/fhir' }, /PAYER_ENDPOINTS must list payerId=/],
    [{ PAYER_ENDPOINTS: 'payer-x=https://a.example/fhir,payer-x=https://b.example/fhir' }, /names payer-x twice/],
    [{ PAYER_DELIVERY_ATTEMPTS: '0' }, /PAYER_DELIVERY_ATTEMPTS must be a whole number from 1 to 10/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses to start in production without real key material, and never uses the development secret there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/needs real key material/);
    const config = loadConfig({
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://issuer.example/jwks',
      AUTH_ISSUER: 'https://issuer.example',
      AUTH_AUDIENCE: 'careledger',
    });
    expect(config.auth.jwtSecret).toBeUndefined();
    expect(config.graphql.introspection).toBe(false);
  });

  it('reads each payer’s endpoint, normalised; production accepts https only', () => {
    const config = loadConfig({ PAYER_ENDPOINTS: 'payer-x=https://payer-x.example/fhir/, payer-y=http://127.0.0.1:8080/fhir' });
    expect([...config.payerEndpoints]).toEqual([
      ['payer-x', 'https://payer-x.example/fhir'],
      ['payer-y', 'http://127.0.0.1:8080/fhir'],
    ]);
    expect(config.payerDelivery).toEqual({ timeoutMs: 10_000, attempts: 3 });
    const production = {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://issuer.example/jwks',
      AUTH_ISSUER: 'https://issuer.example',
      AUTH_AUDIENCE: 'careledger',
    };
    expect(() => loadConfig({ ...production, PAYER_ENDPOINTS: 'payer-y=http://payer-y.example/fhir' })).toThrow(/PAYER_ENDPOINTS must list payerId=https/);
  });

  it('accepts an EventStoreDB connection string', () => {
    expect(loadConfig({ EVENT_STORE_URL: 'esdb://localhost:2113?tls=false' }).eventStoreUrl).toBe('esdb://localhost:2113?tls=false');
  });
});
