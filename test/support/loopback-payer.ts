/** A payer's FHIR endpoint on 127.0.0.1 for tests: records every request, answers with the status it is told to. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: any;
}

export interface LoopbackPayer {
  /** The FHIR base URL to configure in PAYER_ENDPOINTS. */
  baseUrl: string;
  received: ReceivedRequest[];
  /** The status the next requests are answered with (200 until changed). */
  answerWith(status: number): void;
  close(): Promise<void>;
}

const bodyOf = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

export async function startLoopbackPayer(): Promise<LoopbackPayer> {
  const received: ReceivedRequest[] = [];
  let status = 200;
  const server: Server = createServer(async (request, response) => {
    const text = await bodyOf(request);
    received.push({
      method: request.method ?? '',
      path: request.url ?? '',
      contentType: request.headers['content-type'],
      body: text ? JSON.parse(text) : null,
    });
    response.writeHead(status, { 'content-type': 'application/fhir+json' });
    response.end(
      JSON.stringify(
        status < 300
          ? { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] }
          : { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    received,
    answerWith: (next) => (status = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
