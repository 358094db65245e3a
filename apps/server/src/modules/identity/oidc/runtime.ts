import type { IncomingMessage, ServerResponse } from "node:http";
import querystring from "node:querystring";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { AuditEntry } from "../../../core/audit.ts";
import { AuditBatcher } from "../../../core/audit-batcher.ts";
import type { FastifyReply } from "fastify";
import type { App } from "../../../core/http/app-type.ts";
import { readBodyText } from "../../../core/http/raw-routes.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { currentSigningKeysVersion, loadSigningKeys, rotateSigningKeys } from "./keys.ts";
import {
  es256KeyOf,
  isFastPath,
  issueClientCredentialsToken,
  tokenAuditCoalescing,
  type SigningKey,
} from "./client-credentials.ts";
import { buildProvider, issuerOf, OIDC_PREFIX, resourceServers } from "./provider.ts";

/** How often a process checks whether another one rotated the signing keys. */
export const KEY_CHECK_MS = 30_000;

/**
 * The provider of this process. All its state is in the database, so when the key set changes
 * (a rotation by any process) a new Provider is built and takes the next requests.
 */
export type OidcRuntime = {
  provider(): Promise<Provider>;
  /** The published key set (public parts only), as `/oidc/jwks` serves it. */
  publicJwks(): { keys: Record<string, unknown>[] };
  /** The active ES256 key that signs access tokens for resource servers. */
  accessTokenKey(): SigningKey | undefined;
  /** Group-committed audit entries of the token endpoint. */
  audit: AuditBatcher;
  /** The current provider's Node request handler. */
  handler(): Handler;
  /** Rebuilds the provider now if the key set changed (after a rotation in this process). */
  refresh(): Promise<void>;
};

const runtimes = new WeakMap<object, OidcRuntime>();

/** The runtime of a database (one per platform instance), for other parts of the module. */
export function oidcRuntimeOf(ctx: ModuleContext): OidcRuntime {
  const runtime = runtimes.get(ctx.db);
  if (!runtime) throw new Error("the OpenID Connect provider is not mounted");
  return runtime;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function createOidcRuntime(ctx: ModuleContext): Promise<OidcRuntime> {
  const { db, config, log } = ctx;
  await rotateSigningKeys(db, config);
  const audit = new AuditBatcher(db, ctx.dbKind);
  let state: {
    provider: Provider;
    callback: Handler;
    version: string;
    checkedAt: number;
    accessTokenKey: SigningKey | undefined;
    publicJwks: { keys: Record<string, unknown>[] };
  };

  const build = async () => {
    const { keys, version } = await loadSigningKeys(db, config);
    const provider = buildProvider({ ctx, keys });
    provider.use(async (koa, next) => {
      await next();
      const entry = auditEntryFor(koa as KoaContextWithOIDC);
      if (entry) await audit.record(entry);
    });
    provider.on("server_error", (_koa, error) => log.error({ err: error }, "oidc server error"));
    provider.on("backchannel.error", (_koa, error, client) =>
      log.warn({ err: error, clientId: client.clientId }, "back-channel logout failed"),
    );
    state = {
      provider,
      callback: provider.callback() as Handler,
      version,
      checkedAt: Date.now(),
      accessTokenKey: es256KeyOf(keys),
      publicJwks: {
        keys: keys.map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub }) => pub),
      },
    };
  };
  await build();

  const runtime: OidcRuntime = {
    async provider() {
      if (Date.now() - state.checkedAt > KEY_CHECK_MS) {
        state.checkedAt = Date.now();
        if ((await currentSigningKeysVersion(db)) !== state.version) await build();
      }
      return state.provider;
    },
    handler: () => state.callback,
    accessTokenKey: () => state.accessTokenKey,
    publicJwks: () => state.publicJwks,
    audit,
    async refresh() {
      if ((await currentSigningKeysVersion(db)) !== state.version) await build();
    },
  };
  runtimes.set(db, runtime);
  return runtime;
}

/** Hands `/oidc/*` to the provider: no Fastify body parsing, public host and scheme from PUBLIC_URL. */
export async function mountOidc(app: App, ctx: ModuleContext, runtime: OidcRuntime) {
  const publicUrl = new URL(ctx.config.publicUrl);
  const base = publicUrl.pathname.replace(/\/$/, "");
  const issuer = issuerOf(ctx.config);
  const resources = resourceServers(ctx.config);
  type RawRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

  /** Call after `runtime.provider()`, which swaps in a new provider when the keys changed. */
  const toProvider = (raw: RawRequest, res: ServerResponse) => {
    const url = raw.url ?? "/";
    raw.originalUrl = `${base}${url}`;
    raw.url = url.slice(OIDC_PREFIX.length) || "/";
    raw.headers["x-forwarded-host"] = publicUrl.host;
    raw.headers["x-forwarded-proto"] = publicUrl.protocol.slice(0, -1);
    runtime.handler()(raw, res);
  };

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    const options = { schema: { hide: true } };
    const handle = async (request: { raw: RawRequest }, reply: FastifyReply) => {
      await runtime.provider();
      reply.hijack();
      toProvider(request.raw, reply.raw);
    };
    scope.all(OIDC_PREFIX, options, handle);
    scope.all(`${OIDC_PREFIX}/*`, options, handle);
  });

  // The token endpoint is answered in front of Fastify: for the client-credentials grant of a
  // system calling the LGSP the framework would cost as much as the grant itself. Its form body is
  // read here, so the fast path can answer; every other token request goes on to the provider
  // with the parsed body.
  app.rawRoutes.add("POST", `${OIDC_PREFIX}/token`, async (req: RawRequest, res, { ip }) => {
    // Announced as soon as the request is seen, so that an audit batch being gathered waits for
    // this token's entry instead of writing without it.
    const arrival = runtime.audit.expect();
    try {
      await runtime.provider();
      if (!FORM.test(req.headers["content-type"] ?? "")) return toProvider(req, res);
      const body = await readBodyText(req, TOKEN_BODY_LIMIT);
      const params = new URLSearchParams(body);
      const key = runtime.accessTokenKey();
      if (!key || !isFastPath(params, req.headers)) {
        req.body = querystring.parse(body);
        return toProvider(req, res);
      }
      const result = await issueClientCredentialsToken(
        ctx,
        { authorization: req.headers.authorization, params, ip },
        { issuer, resources, key },
      );
      await runtime.audit.record(result.audit, tokenAuditCoalescing(result.audit), arrival);
      const json = JSON.stringify(result.body);
      res.writeHead(result.status, {
        "cache-control": "no-store",
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(json),
        ...result.headers,
      });
      res.end(json);
    } finally {
      arrival.done();
    }
  });
}

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;
/** Token requests are small forms; oidc-provider's own limit for them is 56 KiB. */
const TOKEN_BODY_LIMIT = 56 * 1024;

/** Authentication events worth an audit entry: tokens issued and refused, sign-outs. */
function auditEntryFor(koa: KoaContextWithOIDC): AuditEntry | undefined {
  const oidc = koa.oidc;
  if (!oidc) return undefined;
  const client = oidc.client;
  const meta = { ip: koa.ip };
  if (oidc.route === "token") {
    const grantType = oidc.params?.grant_type as string | undefined;
    const ok = koa.status === 200;
    const body = koa.body as { error?: string } | undefined;
    const accountId =
      oidc.entities.Account?.accountId ??
      (oidc.entities.AuthorizationCode ?? oidc.entities.RefreshToken)?.accountId;
    return {
      action: ok ? "identity.token_issued" : "identity.token_refused",
      outcome: ok ? "success" : "failure",
      targetType: "client",
      targetId: client?.clientId ?? (oidc.params?.client_id as string | undefined) ?? "unknown",
      organizationId: (client?.metadata().lt_organization_id as string | undefined) ?? null,
      details: {
        grantType,
        ...(accountId ? { accountId } : {}),
        ...(ok ? {} : { error: body?.error }),
        ...(oidc.params?.resource ? { resource: oidc.params.resource } : {}),
      },
      ...meta,
    };
  }
  if (oidc.route === "end_session_confirm" && koa.status < 400) {
    return {
      action: "identity.sign_out",
      targetType: "session",
      targetId: oidc.session?.accountId ?? "unknown",
      details: { via: "oidc", clientId: client?.clientId },
      ...meta,
    };
  }
  if (oidc.route === "revocation" && koa.status === 200) {
    return {
      action: "identity.token_revoked",
      targetType: "client",
      targetId: client?.clientId ?? "unknown",
      ...meta,
    };
  }
  return undefined;
}
