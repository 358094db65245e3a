import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createDemoPki, type DemoPki, type DemoPkiOptions } from "./create-demo-pki.ts";

export type DemoPkiServer = {
  pki: DemoPki;
  /** Base URL of the served PKI, the same the certificates carry. */
  url: string;
  /** Requests served so far, by path (`/pki/ocsp`, `/pki/crl/issuing-ca.crl`, ...). */
  hits: Map<string, number>;
  /** Extra POST handlers by path, e.g. a timestamp authority at `/pki/tsa`. */
  routes: Map<string, (body: Uint8Array) => Promise<{ type: string; body: Uint8Array }>>;
  close(): Promise<void>;
};

const MAX_BODY = 64 * 1024;

async function readBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Serves a fresh demo PKI on 127.0.0.1 — CA certificates, CRLs and OCSP at the URLs its
 * certificates name — so tests and `lienthong` demos exercise real HTTP fetching.
 */
export async function startDemoPkiServer(
  options: Omit<DemoPkiOptions, "baseUrl"> = {},
): Promise<DemoPkiServer> {
  const hits = new Map<string, number>();
  const routes: DemoPkiServer["routes"] = new Map();
  const state: { pki?: DemoPki } = {};
  const send = (
    response: ServerResponse,
    status: number,
    type: string,
    body: Uint8Array | string,
  ) => {
    response.writeHead(status, { "content-type": type });
    response.end(body);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const crl = /^\/pki\/crl\/(root-ca|issuing-ca)\.crl$/.exec(path);
    const ca = /^\/pki\/ca\/(root-ca|issuing-ca)\.crt$/.exec(path);
    if (request.method === "GET" && crl)
      return send(response, 200, "application/pkix-crl", await state.pki!.crl(crl[1] as "root-ca"));
    if (request.method === "GET" && ca)
      return send(
        response,
        200,
        "application/pkix-cert",
        ca[1] === "root-ca" ? state.pki!.root.certificate : state.pki!.issuingCa.certificate,
      );
    const route = path === "/pki/ocsp" ? undefined : routes.get(path);
    if (request.method === "POST" && (path === "/pki/ocsp" || route)) {
      const body = await readBody(request);
      if (!body) return send(response, 413, "text/plain", "too large");
      if (route) {
        const answer = await route(body);
        return send(response, 200, answer.type, answer.body);
      }
      return send(response, 200, "application/ocsp-response", await state.pki!.respondOcsp(body));
    }
    send(response, 404, "text/plain", "not found");
  };
  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, "text/plain", "error"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pki`;
  const pki = await createDemoPki({ ...options, baseUrl: url });
  state.pki = pki;
  return {
    pki,
    url,
    hits,
    routes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
