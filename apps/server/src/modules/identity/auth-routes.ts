import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireActor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { AppError } from "../../core/errors.ts";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import { secondFactorStatus } from "./mfa/service.ts";
import { platformEndSessionUrl } from "./oidc/platform-client.ts";
import { RateLimiter } from "./rate-limit.ts";
import { selectUserById } from "./repo.ts";
import { LoginBody, SessionResponse } from "./schema.ts";
import { createSession, endSession, findSession, SESSION_COOKIE } from "./sessions.ts";
import { authenticatePassword } from "./sign-in.ts";
import { presentUser } from "./users.ts";

const tags = ["identity"];

/** Sign-in, sign-out and the current session: the page the OIDC provider will reuse for its interactions. */
export function authRoutes(app: App, { db, config }: ModuleContext) {
  const limiter = new RateLimiter(config.signInLimitPerIp, config.signInLimitPerIp / 60);
  const cookieOptions = {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.secureCookies,
  };

  const sessionBody = async (userId: string, csrfToken: string) => {
    const row = await selectUserById(db, userId);
    if (!row) throw new AppError("unauthenticated");
    const { id, username, displayName, email, organization, roles } = await presentUser(db, row);
    return { user: { id, username, displayName, email, organization, roles }, csrfToken };
  };

  app.post(
    "/login",
    {
      schema: {
        tags,
        summary: "Đăng nhập / sign in",
        security: [],
        body: LoginBody,
        response: { 200: SessionResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      limiter.take(request.ip);
      const user = await authenticatePassword({
        db,
        ...request.body,
        ip: request.ip,
        requestId: request.id,
      });
      // A password alone never opens a session for an account that has or needs a second factor:
      // those accounts sign in through the SSO pages (`/auth/login`).
      const factor = await secondFactorStatus(db, user.id);
      if (factor.required || factor.totp || factor.passkeys > 0) {
        throw new AppError("forbidden", {
          detail: {
            vi: "Tài khoản này cần xác thực hai yếu tố: hãy đăng nhập qua trang đăng nhập một lần (SSO).",
            en: "This account needs a second factor: sign in through the single sign-on page.",
          },
          extra: { signInUrl: "/auth/login" },
        });
      }
      const session = await createSession({
        db,
        userId: user.id,
        ttlMinutes: config.sessionTtlMinutes,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        ...cookieOptions,
        expires: session.expiresAt,
      });
      return sessionBody(user.id, session.csrfToken);
    },
  );

  app.post(
    "/logout",
    {
      schema: {
        tags,
        summary: "Đăng xuất / sign out (then open `redirectTo` to end the SSO session everywhere)",
        response: {
          200: Type.Object({ redirectTo: Type.String() }),
          ...problemResponses,
        },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await endSession({ db, token });
        if (request.actor)
          await recordAudit(db, {
            action: "identity.sign_out",
            actor: request.actor,
            ip: request.ip,
            requestId: request.id,
          });
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(200).send({ redirectTo: platformEndSessionUrl(config) });
    },
  );

  app.get(
    "/me",
    {
      schema: {
        tags,
        summary: "Người dùng hiện tại / the signed-in user",
        response: { 200: SessionResponse, ...problemResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      if (actor.kind !== "user") throw new AppError("unauthenticated");
      const token = request.cookies[SESSION_COOKIE];
      const session = token
        ? await findSession({ db, token, ttlMinutes: config.sessionTtlMinutes })
        : undefined;
      return sessionBody(actor.userId, session?.csrf_token ?? "");
    },
  );
}
