import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { Type } from "typebox";
import { recordAudit } from "../../../core/audit.ts";
import type { App } from "../../../core/http/app-type.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { secretBox } from "../../../core/secret-box.ts";
import { selectUserById } from "../repo.ts";
import { createSession, endSessionsOfOidcSession, SESSION_COOKIE } from "../sessions.ts";
import { actorFromUser } from "../sign-in.ts";
import { PLATFORM_CLIENT_ID, platformClientSecret, platformRedirects } from "./platform-client.ts";
import { issuerOf } from "./provider.ts";
import type { OidcRuntime } from "./runtime.ts";

/**
 * The web app signs in through the platform's own provider (backend-for-frontend): `/auth/login`
 * sends the browser to the provider with PKCE, `/auth/callback` exchanges the code on the server
 * and opens the HTTP-only session the API already understands, and the provider's back-channel
 * logout ends that session when the person signs out anywhere. Tokens never reach the browser.
 */
const FLOW_COOKIE = "lt_auth";
const FLOW_MINUTES = 15;
const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";
const SCOPE = "openid profile email org roles";

type Flow = { state: string; nonce: string; verifier: string; returnTo: string; exp: number };

/** Only a local path may be returned to, never another site (`//evil`, `/\evil`, `https:`). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || !/^\/(?![/\\])[^\s]*$/.test(value)) return "/";
  return value.length > 1000 ? "/" : value;
}

export function bffRoutes(app: App, ctx: ModuleContext, runtime: OidcRuntime) {
  const { db, config, log } = ctx;
  const issuer = issuerOf(config);
  const { redirectUri } = platformRedirects(config);
  const box = secretBox(config);
  const cookieOptions = {
    path: "/auth",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.secureCookies,
  };
  const basic = `Basic ${Buffer.from(
    `${encodeURIComponent(PLATFORM_CLIENT_ID)}:${encodeURIComponent(platformClientSecret(config))}`,
  ).toString("base64")}`;

  /** The provider's published keys, from this process's provider (they follow rotations). */
  const providerKeys = async () => {
    await runtime.provider();
    return createLocalJWKSet(runtime.publicJwks() as JSONWebKeySet);
  };

  const failed = (reply: FastifyReply, reason: string) =>
    reply.redirect(`/signed-out?error=${encodeURIComponent(reason)}`, 303);

  app.get(
    "/auth/login",
    {
      schema: {
        hide: true,
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const verifier = randomBytes(32).toString("base64url");
      const flow: Flow = {
        state: randomBytes(16).toString("base64url"),
        nonce: randomBytes(16).toString("base64url"),
        verifier,
        returnTo: safeReturnTo(request.query.returnTo),
        exp: Date.now() + FLOW_MINUTES * 60_000,
      };
      reply.setCookie(FLOW_COOKIE, box.seal(JSON.stringify(flow), FLOW_COOKIE), {
        ...cookieOptions,
        maxAge: FLOW_MINUTES * 60,
      });
      const url = new URL(`${issuer}/auth`);
      url.search = new URLSearchParams({
        client_id: PLATFORM_CLIENT_ID,
        response_type: "code",
        scope: SCOPE,
        redirect_uri: redirectUri,
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
        state: flow.state,
        nonce: flow.nonce,
      }).toString();
      return reply.redirect(url.toString(), 303);
    },
  );

  app.get(
    "/auth/callback",
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          code: Type.Optional(Type.String({ maxLength: 500 })),
          state: Type.Optional(Type.String({ maxLength: 500 })),
          iss: Type.Optional(Type.String({ maxLength: 2000 })),
          error: Type.Optional(Type.String({ maxLength: 200 })),
          error_description: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    async (request, reply) => {
      const sealed = request.cookies[FLOW_COOKIE];
      reply.clearCookie(FLOW_COOKIE, cookieOptions);
      let flow: Flow | undefined;
      try {
        flow = sealed ? (JSON.parse(box.open(sealed, FLOW_COOKIE)) as Flow) : undefined;
      } catch {
        flow = undefined;
      }
      const { code, state, error } = request.query;
      if (!flow || flow.exp < Date.now() || state !== flow.state) return failed(reply, "state");
      if (error || !code) return failed(reply, error ?? "no_code");
      if (request.query.iss && request.query.iss !== issuer) return failed(reply, "issuer");
      const exchanged = await app.inject({
        method: "POST",
        url: "/oidc/token",
        headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          code_verifier: flow.verifier,
        }).toString(),
      });
      if (exchanged.statusCode !== 200) {
        log.warn(
          { status: exchanged.statusCode, body: exchanged.body },
          "SSO code exchange failed",
        );
        return failed(reply, "exchange");
      }
      const { id_token: idToken } = exchanged.json() as { id_token?: string };
      const { payload } = await jwtVerify(idToken ?? "", await providerKeys(), {
        issuer,
        audience: PLATFORM_CLIENT_ID,
        algorithms: ["RS256"],
      }).catch(() => ({ payload: undefined }));
      if (!payload || payload.nonce !== flow.nonce || typeof payload.sub !== "string")
        return failed(reply, "id_token");
      const user = await selectUserById(db, payload.sub);
      if (!user || user.status !== "active") return failed(reply, "account");
      const session = await createSession({
        db,
        userId: user.id,
        ttlMinutes: config.sessionTtlMinutes,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
        oidcSid: typeof payload.sid === "string" ? payload.sid : undefined,
      });
      await recordAudit(db, {
        action: "identity.session_opened",
        actor: actorFromUser(user, "session"),
        targetType: "user",
        targetId: user.id,
        details: { via: "sso", amr: payload.amr ?? [] },
        ip: request.ip,
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: config.secureCookies,
        expires: session.expiresAt,
      });
      return reply.redirect(flow.returnTo, 303);
    },
  );

  // The provider posts here (OpenID Connect Back-Channel Logout 1.0) when the SSO session ends.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16_384 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post("/auth/backchannel-logout", { schema: { hide: true } }, async (request, reply) => {
      const token = (request.body as { logout_token?: string } | undefined)?.logout_token;
      const verified = await jwtVerify(token ?? "", await providerKeys(), {
        issuer,
        audience: PLATFORM_CLIENT_ID,
        algorithms: ["RS256"],
        maxTokenAge: "5m",
      }).catch(() => undefined);
      const claims = verified?.payload;
      const events = claims?.events as Record<string, unknown> | undefined;
      if (
        !claims ||
        !events ||
        !(BACKCHANNEL_EVENT in events) ||
        "nonce" in claims ||
        !claims.sid
      ) {
        return reply
          .status(400)
          .header("cache-control", "no-store")
          .send({ error: "invalid_request", error_description: "invalid logout_token" });
      }
      const ended = await endSessionsOfOidcSession(db, String(claims.sid));
      if (ended > 0) {
        await recordAudit(db, {
          action: "identity.sign_out",
          targetType: "user",
          targetId: String(claims.sub ?? ""),
          details: { via: "backchannel", sessions: ended },
          ip: request.ip,
          requestId: request.id,
        });
      }
      return reply.header("cache-control", "no-store").status(200).send();
    });
  });
}
