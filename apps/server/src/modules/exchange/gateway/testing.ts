import http, { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import type { ServiceTarget } from "../types.ts";
import type { ForwardCall, ForwardResult, Gateway } from "./forwarder.ts";

/** A `node:http` server on a random loopback port. */
export async function listen(handler: RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPortUrl() {
  const { url, close } = await listen(() => {});
  await close();
  return url;
}

let services = 0;

export function buildTarget(overrides: Partial<ServiceTarget> = {}): ServiceTarget {
  services += 1;
  return {
    serviceId: `service-${services}`,
    providerOrganizationId: "org-provider",
    providerOrgCode: "000.00.00.G09",
    providerSystemId: "system-provider",
    providerSystemCode: "qlvb",
    serviceCode: `cong-dan-${services}`,
    version: "v1",
    kind: "rest",
    baseUrl: "http://127.0.0.1:9/api",
    status: "active",
    bodyLogging: "none",
    timeoutMs: 5_000,
    maxRequestBytes: 10 * 1024 * 1024,
    maxResponseBytes: 10 * 1024 * 1024,
    ...overrides,
  };
}

/**
 * A minimal host for the engine, standing in for the `/gw` route: `/gw{rest}` is forwarded to the
 * call `callFor` builds; each result is kept, in order.
 */
export async function hostGateway(
  gateway: Gateway,
  callFor: (req: IncomingMessage) => Partial<ForwardCall> & Pick<ForwardCall, "target">,
) {
  const results: ForwardResult[] = [];
  const waiting: ((result: ForwardResult) => void)[] = [];
  const host = await listen((req: IncomingMessage, res: ServerResponse) => {
    const call: ForwardCall = {
      path: req.url!.slice("/gw".length),
      consumer: { systemId: "system-consumer" },
      access: { rateLimitPerMinute: null, dailyQuota: null },
      requestId: "request-1",
      clientIp: req.socket.remoteAddress!,
      correlationId: "correlation-1",
      ...callFor(req),
    };
    void gateway.forward(req, res, call).then((result) => {
      const waiter = waiting.shift();
      if (waiter) waiter(result);
      else results.push(result);
    });
  });
  return {
    ...host,
    /** The next result the engine resolves with. */
    nextResult: () =>
      results.length > 0
        ? Promise.resolve(results.shift()!)
        : new Promise<ForwardResult>((resolve) => waiting.push(resolve)),
  };
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** One request with a fresh connection; `body` may be a stream (sent chunked unless sized). */
export function send(
  url: string,
  options: {
    method?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | Buffer | Readable;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    const { body } = options;
    if (body === undefined) request.end();
    else if (typeof body === "string" || Buffer.isBuffer(body)) request.end(body);
    else body.pipe(request);
  });
}
