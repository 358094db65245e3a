import { requestMeta } from "../../core/http/request-meta.ts";
import { Type } from "typebox";
import { ROLES } from "../../core/actor.ts";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.ts";
import {
  IdParams,
  NewTokenSchema,
  PasswordBody,
  ROLE_LABELS,
  RoleSchema,
  TokenCreateBody,
  TokenSchema,
  UserCreateBody,
  UserListQuery,
  UserPatchBody,
  UserSchema,
} from "./schema.ts";
import { setUserPassword, unlockUser, updateUser } from "./user-changes.ts";
import { createUser, getUser, listUsers } from "./users.ts";

const tags = ["identity"];
const NoContent = { 204: Type.Null(), ...problemResponses };

/** Account administration and personal API tokens; authorization lives in the services. */
export function userRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/roles",
    {
      schema: {
        tags,
        summary: "Các vai trò / roles",
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: RoleSchema,
                label: Type.Object({ vi: Type.String(), en: Type.String() }),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: ROLES.map((id) => ({ id, label: ROLE_LABELS[id] })) }),
  );

  app.get(
    "/users",
    {
      schema: {
        tags,
        summary: "Danh sách tài khoản / list accounts",
        querystring: UserListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(UserSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => listUsers({ db, actor: request.actor, ...request.query }),
  );

  app.post(
    "/users",
    {
      schema: {
        tags,
        summary: "Tạo tài khoản / create an account",
        body: UserCreateBody,
        response: { 201: UserSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createUser({
          db,
          actor: request.actor,
          input: request.body,
          meta: requestMeta(request),
        }),
      ),
  );

  app.get(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "Một tài khoản / one account",
        params: IdParams,
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (request) => getUser({ db, actor: request.actor, id: request.params.id }),
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "Sửa tài khoản, vai trò, trạng thái / edit an account",
        params: IdParams,
        body: UserPatchBody,
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (request) =>
      updateUser({
        db,
        actor: request.actor,
        id: request.params.id,
        input: request.body,
        meta: requestMeta(request),
      }),
  );

  app.post(
    "/users/:id/password",
    {
      schema: {
        tags,
        summary: "Đặt lại mật khẩu / set a new password",
        params: IdParams,
        body: PasswordBody,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await setUserPassword({
        db,
        actor: request.actor,
        id: request.params.id,
        password: request.body.password,
        meta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/users/:id/unlock",
    {
      schema: {
        tags,
        summary: "Mở khóa tài khoản / unlock an account",
        params: IdParams,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await unlockUser({
        db,
        actor: request.actor,
        id: request.params.id,
        meta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/tokens",
    {
      schema: {
        tags,
        summary: "Mã truy cập API của tôi / my API tokens",
        response: { 200: Type.Object({ items: Type.Array(TokenSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await listApiTokens({ db, actor: request.actor }) }),
  );

  app.post(
    "/tokens",
    {
      schema: {
        tags,
        summary: "Tạo mã truy cập API (chỉ hiện một lần) / create an API token, shown once",
        body: TokenCreateBody,
        response: { 201: NewTokenSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createApiToken({
          db,
          actor: request.actor,
          ...request.body,
          meta: requestMeta(request),
        }),
      ),
  );

  app.delete(
    "/tokens/:id",
    {
      schema: {
        tags,
        summary: "Thu hồi mã truy cập API / revoke an API token",
        params: IdParams,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await revokeApiToken({
        db,
        actor: request.actor,
        id: request.params.id,
        meta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );
}
