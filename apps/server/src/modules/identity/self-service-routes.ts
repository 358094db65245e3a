import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { Nullable } from "../../core/http/schema.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { platformEndSessionUrl } from "./oidc/platform-client.ts";
import { MeSchema } from "./schema.ts";
import {
  changeOwnPassword,
  endOwnSession,
  listOwnApplications,
  listOwnSessions,
  revokeOwnApplication,
  signOutEverywhere,
  updateOwnProfile,
} from "./self-service.ts";
import { hashToken, SESSION_COOKIE } from "./sessions.ts";

const OwnSessionSchema = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  via: Type.Enum(["sso", "password"]),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
});

const ApplicationSchema = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  grantedAt: Type.String(),
});

/** The account page: profile, password, sessions and devices, applications with access. */
export function selfServiceRoutes(app: App, ctx: ModuleContext) {
  const { db, config } = ctx;
  const tags = ["identity"];
  const currentHash = (cookies: Record<string, string | undefined>) => {
    const token = cookies[SESSION_COOKIE];
    return token ? hashToken(token) : undefined;
  };

  app.patch(
    "/me",
    {
      schema: {
        tags,
        summary: "Sửa thông tin cá nhân / update my profile",
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
            email: Type.Optional(Nullable(Type.String({ format: "email", maxLength: 320 }))),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: MeSchema, ...problemResponses },
      },
    },
    async (request) => {
      const user = await updateOwnProfile({
        db,
        actor: request.actor,
        changes: request.body,
        meta: requestMeta(request),
      });
      const { id, username, displayName, email, organization, roles } = user;
      return { id, username, displayName, email, organization, roles };
    },
  );

  app.post(
    "/me/password",
    {
      schema: {
        tags,
        summary: "Đổi mật khẩu / change my password (other sessions end)",
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
            newPassword: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await changeOwnPassword({
        db,
        actor: request.actor,
        ...request.body,
        keepSessionHash: currentHash(request.cookies),
        meta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/me/sessions",
    {
      schema: {
        tags,
        summary: "Phiên đăng nhập và thiết bị / my sessions and devices",
        response: {
          200: Type.Object({ items: Type.Array(OwnSessionSchema) }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      items: await listOwnSessions({
        db,
        actor: request.actor,
        currentSessionHash: currentHash(request.cookies),
      }),
    }),
  );

  app.delete(
    "/me/sessions/:id",
    {
      schema: {
        tags,
        summary: "Đăng xuất một thiết bị / end one of my sessions",
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await endOwnSession({
        db,
        actor: request.actor,
        id: request.params.id,
        meta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/me/sign-out-everywhere",
    {
      schema: {
        tags,
        summary: "Đăng xuất khỏi mọi nơi / sign out everywhere (every device and application)",
        response: { 200: Type.Object({ redirectTo: Type.String() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await signOutEverywhere({ ctx, actor: request.actor, meta: requestMeta(request) });
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { redirectTo: platformEndSessionUrl(config) };
    },
  );

  app.get(
    "/me/applications",
    {
      schema: {
        tags,
        summary: "Ứng dụng được truy cập tài khoản / applications with access to my account",
        response: {
          200: Type.Object({ items: Type.Array(ApplicationSchema) }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({ items: await listOwnApplications({ db, actor: request.actor }) }),
  );

  app.delete(
    "/me/applications/:clientId",
    {
      schema: {
        tags,
        summary: "Thu hồi quyền của một ứng dụng / revoke an application's access",
        params: Type.Object({ clientId: Type.String({ maxLength: 200 }) }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await revokeOwnApplication({
        db,
        actor: request.actor,
        clientId: request.params.clientId,
        meta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );
}
