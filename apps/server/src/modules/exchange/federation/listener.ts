import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../../../core/errors.ts";
import { problemBody } from "../../../core/http/problem.ts";
import { pickLanguage } from "../../../core/i18n.ts";
import { newId } from "../../../core/ids.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { instanceIdentity } from "./instance-identity.ts";
import { activePeers, watchPeers } from "./peers.ts";

/** How often the listener re-reads the pinned certificates (a peer added elsewhere is then trusted). */
const PIN_REFRESH_MS = 5_000;

export type FederationHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  meta: { requestId: string },
) => Promise<void>;

export type FederationListener = { port: number; close(): Promise<void> };

/**
 * The federation listener: HTTPS with this instance's certificate, a client certificate required,
 * and only the pinned certificates of active peers trusted (self-signed, so each is its own
 * anchor). A client presenting any other certificate, or none, fails the TLS handshake. Refusals
 * after the handshake are problem details, like on the main port.
 */
export async function startFederationListener(options: {
  ctx: ModuleContext;
  port: number;
  host: string;
  handle: FederationHandler;
}): Promise<FederationListener> {
  const { ctx } = options;
  const identity = await instanceIdentity(ctx);
  let pinned = "";
  const pinnedCertificates = async () => {
    const peers = await activePeers(ctx.db);
    return {
      key: peers.map((p) => p.fingerprint).join(","),
      certs: peers.map((p) => p.certificate),
    };
  };
  const secureContext = (certs: string[]) => ({
    cert: identity.certificatePem,
    key: identity.keyPem,
    // An empty list trusts nobody (Node adds its default roots only when `ca` is absent).
    ca: certs,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: "TLSv1.2" as const,
  });
  const first = await pinnedCertificates();
  pinned = first.key;
  const server = https.createServer(secureContext(first.certs), (req, res) => {
    const requestId = newId();
    res.setHeader("x-request-id", requestId);
    options.handle(req, res, { requestId }).catch((error: unknown) => {
      const appError = error instanceof AppError ? error : new AppError("internal");
      if (appError.code === "internal")
        ctx.log.error({ err: error, reqId: requestId }, "federation request failed");
      if (res.headersSent) return void res.destroy();
      const language = pickLanguage(req.headers["accept-language"]);
      res.writeHead(appError.status, {
        "content-type": "application/problem+json",
        ...(req.complete ? {} : { connection: "close" }),
      });
      res.end(JSON.stringify(problemBody(appError, { language, instance: req.url!, requestId })));
    });
  });
  let reading = Promise.resolve();
  const reread = () =>
    (reading = reading
      .then(pinnedCertificates)
      .then(({ key, certs }) => {
        if (key === pinned) return;
        pinned = key;
        server.setSecureContext(secureContext(certs));
      })
      .catch((error: unknown) => ctx.log.warn({ err: error }, "federation peers not re-read")));
  const refresh = setInterval(reread, PIN_REFRESH_MS);
  refresh.unref();
  const unwatch = watchPeers(reread);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    async close() {
      clearInterval(refresh);
      unwatch();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
