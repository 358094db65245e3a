import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import type { ModuleContext } from "../../core/module.ts";
import {
  answerOcsp,
  answerTimestamp,
  AUTHORITY_NAMES,
  caCertificate,
  currentCrl,
  type AuthorityName,
} from "./service.ts";

const MAX_REQUEST = 64 * 1024;
const FILE = Type.Object({ file: Type.String({ maxLength: 64 }) });

function authorityOf(file: string, extension: string): AuthorityName | undefined {
  const name = file.endsWith(extension) ? file.slice(0, -extension.length) : "";
  return (AUTHORITY_NAMES as readonly string[]).includes(name)
    ? (name as AuthorityName)
    : undefined;
}

/**
 * The URLs the demo CA's certificates name (RFC 5280 CRL DP and AIA, RFC 6960 OCSP over HTTP POST,
 * RFC 3161 over HTTP): public, unauthenticated, DER in and out, as relying parties expect.
 */
export async function trustRootRoutes(app: App, ctx: ModuleContext) {
  app.addContentTypeParser(
    ["application/ocsp-request", "application/timestamp-query"],
    { parseAs: "buffer", bodyLimit: MAX_REQUEST },
    (_request, body, done) => done(null, body),
  );
  app.get("/pki/ca/:file", { schema: { params: FILE } }, async (request, reply) => {
    const name = authorityOf(request.params.file, ".crt");
    if (!name) return reply.status(404).type("text/plain").send("not found");
    return reply.type("application/pkix-cert").send(Buffer.from(await caCertificate(ctx, name)));
  });
  app.get("/pki/crl/:file", { schema: { params: FILE } }, async (request, reply) => {
    const name = authorityOf(request.params.file, ".crl");
    if (!name) return reply.status(404).type("text/plain").send("not found");
    return reply
      .type("application/pkix-crl")
      .header("cache-control", "max-age=60")
      .send(Buffer.from(await currentCrl(ctx, name)));
  });
  app.post("/pki/ocsp", async (request, reply) => {
    if (!Buffer.isBuffer(request.body))
      return reply.status(415).type("text/plain").send("application/ocsp-request");
    return reply
      .type("application/ocsp-response")
      .send(Buffer.from(await answerOcsp(ctx, request.body)));
  });
  app.post("/pki/tsa", async (request, reply) => {
    if (!Buffer.isBuffer(request.body))
      return reply.status(415).type("text/plain").send("application/timestamp-query");
    return reply
      .type("application/timestamp-reply")
      .send(Buffer.from(await answerTimestamp(ctx, request.body)));
  });
}
