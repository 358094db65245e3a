import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Transform } from "node:stream";
import { Agent, request } from "undici";
import { AppError } from "../../../core/errors.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { getInformationSystem, getOrganization } from "../../directory/index.ts";
import type { createResourceTokenVerifier } from "../../identity/index.ts";
import { endUserOf } from "../end-user.ts";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "../gateway/headers.ts";
import type { ExchangeRecord } from "../types.ts";
import { instanceIdentity } from "./instance-identity.ts";
import type { PeerRow } from "./repo.ts";
import { SIGNED_CALL_HEADER, signCall } from "./signed-call.ts";

/** Longest wait for the peer's answer headers, and for silence inside its body. */
const PEER_TIMEOUT_MS = 60_000;

const agents = new Map<string, Agent>();

/**
 * One mutual-TLS connection pool per pinned peer: this instance's certificate as client
 * certificate, the peer's pinned certificate as the only trust anchor, and the server identity
 * checked by fingerprint (instance certificates are self-signed and name no host).
 */
export async function agentFor(ctx: ModuleContext, peer: PeerRow): Promise<Agent> {
  const key = `${peer.id}\n${peer.fingerprint}`;
  let agent = agents.get(key);
  if (!agent) {
    const identity = await instanceIdentity(ctx);
    agent = new Agent({
      connections: 32,
      keepAliveTimeout: 4_000,
      headersTimeout: PEER_TIMEOUT_MS,
      bodyTimeout: PEER_TIMEOUT_MS,
      connect: {
        cert: identity.certificatePem,
        key: identity.keyPem,
        ca: [peer.certificate],
        checkServerIdentity: (_host, certificate) =>
          certificate.fingerprint256 === peer.fingerprint
            ? undefined
            : new Error(`the peer ${peer.name} presented a certificate that is not pinned`),
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes the pools to one peer after it was re-pinned, suspended or removed. */
export async function closePeerAgent(peerId: string): Promise<void> {
  const open = [...agents].filter(([key]) => key.startsWith(`${peerId}\n`));
  for (const [key] of open) agents.delete(key);
  await Promise.all(open.map(([, agent]) => agent.close()));
}

/** Closes the pools to peers (on shutdown). */
export async function closePeerAgents(): Promise<void> {
  const open = [...agents.values()];
  agents.clear();
  await Promise.all(open.map((agent) => agent.close()));
}

/**
 * Forwards a gateway call for a provider organization that a peer instance serves: the consumer
 * is authenticated here (its SSO token never leaves this instance), then the call goes to the
 * peer's federation listener over mutual TLS with a statement signed by this instance's key
 * naming the consumer system by agency code and system code. The peer checks the access right
 * and forwards to its provider; both bodies are streamed and digested on the way, and the peer's
 * answer — problems included — reaches the consumer as it is.
 */
export async function forwardToPeer(options: {
  ctx: ModuleContext;
  verifyToken: ReturnType<typeof createResourceTokenVerifier>;
  peer: PeerRow;
  req: IncomingMessage;
  res: ServerResponse;
  clientIp: string;
  record: ExchangeRecord;
}): Promise<void> {
  const { ctx, peer, req, res, record } = options;
  const verdict = await options.verifyToken(req.headers.authorization);
  if ("refused" in verdict)
    throw new AppError("unauthenticated", {
      detail: {
        vi: "Cần mã truy cập hợp lệ do SSO cấp cho trục LGSP (client credentials).",
        en: "A valid LGSP access token from the SSO (client credentials) is required.",
      },
      extra: { tokenError: verdict.refused },
    });
  const { caller } = verdict;
  record.consumerClientId = caller.clientId;
  record.consumerSystemId = caller.systemId;
  record.consumerOrganizationId = caller.organizationId;
  if (!caller.systemId)
    throw new AppError("forbidden", {
      detail: {
        vi: "Ứng dụng chưa được gắn với hệ thống thông tin nào trong danh bạ.",
        en: "The client is not linked to an information system in the directory.",
      },
    });
  const actor = { kind: "system" as const, name: "federation" };
  const system = await getInformationSystem({ db: ctx.db, actor, id: caller.systemId });
  const organization = await getOrganization({ db: ctx.db, id: system.organization.id });
  const endUser = endUserOf(req);
  record.endUser = endUser ?? null;
  const identity = await instanceIdentity(ctx);
  const statement = await signCall(identity.key, {
    ...(endUser ? { endUser } : {}),
    method: req.method ?? "GET",
    path: req.url!,
    consumer: {
      orgCode: organization?.code ?? system.organization.code,
      systemCode: system.code,
      clientId: caller.clientId,
    },
    exchangeId: record.id,
    correlationId: record.correlationId,
  });
  const headers = upstreamRequestHeaders(req.headers, {
    clientIp: options.clientIp,
    proto: "https",
    host: req.headers.host,
    correlationId: record.correlationId,
    extra: { [SIGNED_CALL_HEADER]: statement },
  });
  delete headers.host;
  const requestHash = createHash("sha256");
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"];
  // Digested on the way to the peer; a listener on `req` itself would start the flow too early.
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      record.requestBytes += chunk.length;
      requestHash.update(chunk);
      done(null, chunk);
    },
  });
  if (hasBody) req.pipe(meter);
  const started = performance.now();
  let answer: Awaited<ReturnType<typeof request>>;
  try {
    answer = await request(`${peer.url}${req.url!}`, {
      method: (req.method ?? "GET") as "GET",
      headers,
      body: hasBody ? meter : null,
      dispatcher: await agentFor(ctx, peer),
    });
  } catch (error) {
    ctx.log.warn({ err: error, peer: peer.name, exchangeId: record.id }, "peer not reached");
    record.outcome = "upstream_error";
    throw new AppError("bad_gateway", {
      detail: {
        vi: `Không kết nối được nền tảng liên kết ${peer.name}.`,
        en: `The federation peer ${peer.name} could not be reached.`,
      },
    });
  }
  record.upstreamMs = Math.round((performance.now() - started) * 1000) / 1000;
  const responseHash = createHash("sha256");
  res.writeHead(answer.statusCode, downstreamResponseHeaders(answer.headers));
  try {
    for await (const chunk of answer.body as AsyncIterable<Buffer>) {
      record.responseBytes += chunk.length;
      responseHash.update(chunk);
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
    record.outcome = "completed";
  } catch {
    res.destroy();
    record.outcome = "upstream_error";
  }
  record.status = answer.statusCode;
  record.requestSha256 = requestHash.digest("hex");
  record.responseSha256 = responseHash.digest("hex");
}
