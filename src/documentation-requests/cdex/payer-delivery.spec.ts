import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../../config/config';
import { PayerDelivery } from './payer-delivery';

/** A payer endpoint answering each request with the next of `answers` (a status, or 'hang' to never answer). */
async function endpoint(answers: (number | 'hang' | { redirect: string })[]): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    const answer = answers[Math.min(hits.length - 1, answers.length - 1)];
    if (answer === 'hang') return;
    if (typeof answer === 'object') return void response.writeHead(307, { location: answer.redirect }).end();
    response.writeHead(answer, { 'content-type': 'application/fhir+json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    hits,
    close: () => new Promise((resolve) => server.closeAllConnections() ?? server.close(() => resolve())),
  };
}

const delivery = (payerEndpoint: string, attempts = 3, timeoutMs = 3000) =>
  new PayerDelivery(
    loadConfig({ PAYER_ENDPOINTS: `payer-x=${payerEndpoint}`, PAYER_DELIVERY_ATTEMPTS: String(attempts), PAYER_DELIVERY_TIMEOUT_MS: String(timeoutMs) }),
    pino({ level: 'silent' }),
  );

describe('delivering $submit-attachment to a payer endpoint', () => {
  const parameters = { resourceType: 'Parameters', parameter: [] };

  it('POSTs to <endpoint>/$submit-attachment and reports the first acceptance', async () => {
    const payer = await endpoint([200]);
    try {
      const sender = delivery(payer.url);
      expect(sender.endpointOf('payer-x')).toBe(payer.url);
      expect(sender.endpointOf('payer-y')).toBeUndefined();
      expect(await sender.submitAttachment(payer.url, parameters)).toEqual({ failure: null, httpStatus: 200, attempts: 1 });
      expect(payer.hits).toEqual(['POST /fhir/$submit-attachment']);
    } finally {
      await payer.close();
    }
  });

  it('retries a failing or busy payer, and reports the last answer when every attempt failed', async () => {
    const recovering = await endpoint([503, 429, 202]);
    const failing = await endpoint([500]);
    try {
      expect(await delivery(recovering.url).submitAttachment(recovering.url, parameters)).toEqual({ failure: null, httpStatus: 202, attempts: 3 });
      expect(await delivery(failing.url, 2).submitAttachment(failing.url, parameters)).toEqual({ failure: 'HTTP 500', httpStatus: 500, attempts: 2 });
      expect(failing.hits).toHaveLength(2);
    } finally {
      await Promise.all([recovering.close(), failing.close()]);
    }
  });

  it('does not retry a refusal that will not change (400), nor follow a redirect elsewhere', async () => {
    const refusing = await endpoint([400]);
    const elsewhere = await endpoint([200]);
    const redirecting = await endpoint([{ redirect: `${elsewhere.url}/$submit-attachment` }]);
    try {
      expect(await delivery(refusing.url).submitAttachment(refusing.url, parameters)).toEqual({ failure: 'HTTP 400', httpStatus: 400, attempts: 1 });
      expect(await delivery(redirecting.url).submitAttachment(redirecting.url, parameters)).toEqual({
        failure: 'HTTP 307 (redirects are not followed)',
        httpStatus: 307,
        attempts: 1,
      });
      expect(elsewhere.hits).toEqual([]);
    } finally {
      await Promise.all([refusing.close(), elsewhere.close(), redirecting.close()]);
    }
  });

  it('gives up on a payer that does not answer within the timeout, attempt by attempt', async () => {
    const silent = await endpoint(['hang']);
    try {
      const started = Date.now();
      expect(await delivery(silent.url, 2, 300).submitAttachment(silent.url, parameters)).toEqual({
        failure: 'no answer within 300 ms',
        httpStatus: null,
        attempts: 2,
      });
      expect(silent.hits).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });

  it('reports a refused connection as a failure after its attempts', async () => {
    const gone = await endpoint([200]);
    await gone.close();
    expect(await delivery(gone.url, 2).submitAttachment(gone.url, parameters)).toEqual({ failure: 'connection failed', httpStatus: null, attempts: 2 });
  });
});
