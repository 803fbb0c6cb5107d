import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

/** A loopback HTTP server for one spec: every request is recorded, then answered by `handler`. */
export interface HttpFake {
  url: string;
  requests: Array<{ method: string; url: URL; headers: IncomingMessage['headers'] }>;
  handler: FakeHandler;
  close(): Promise<void>;
}

export async function startHttpFake(handler: FakeHandler): Promise<HttpFake> {
  const fake: HttpFake = { url: '', requests: [], handler, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', fake.url);
    fake.requests.push({ method: req.method ?? 'GET', url, headers: req.headers });
    Promise.resolve(fake.handler(req, res, url) as Promise<unknown>).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
