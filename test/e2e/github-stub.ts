import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  body: unknown;
  authorization?: string;
}

export type StubRoute = (request: StubRequest) => { status: number; body?: unknown } | undefined;

/**
 * A local HTTP server standing in for the GitHub API: routes answer, everything else
 * is a 404, and every request is recorded for assertions.
 */
export async function startGitHubStub(
  routes: StubRoute[],
): Promise<{ url: string; requests: StubRequest[]; close: () => Promise<void> }> {
  const requests: StubRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: StubRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: text ? JSON.parse(text) : undefined,
      };
      if (req.headers.authorization) request.authorization = req.headers.authorization;
      requests.push(request);
      const answer = routes.map((route) => route(request)).find(Boolean) ?? {
        status: 404,
        body: { message: 'Not Found' },
      };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
