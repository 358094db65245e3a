import { Type, type Static } from "typebox";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { Nullable } from "../../../core/http/schema.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import {
  getClient,
  listClients,
  registerClient,
  rotateClientSecret,
  updateClient,
  USER_SCOPES,
} from "./clients.ts";
import { resourceServers } from "./provider.ts";

const Uri = Type.String({ minLength: 8, maxLength: 2000 });
const Jwks = Type.Object({
  keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 10 }),
});

export const ClientSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  clientId: Type.String(),
  name: Type.String(),
  kind: Type.Enum(["platform", "web", "spa", "machine"]),
  organizationId: Nullable(Type.String()),
  informationSystemId: Nullable(Type.String()),
  firstParty: Type.Boolean(),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  backchannelLogoutUri: Nullable(Type.String()),
  grantTypes: Type.Array(Type.String()),
  authMethod: Type.String(),
  hasSecret: Type.Boolean(),
  jwks: Nullable(Type.Unknown()),
  scopes: Type.Array(Type.String()),
  resources: Type.Array(Type.String()),
  status: Type.Enum(["active", "disabled"]),
  secretRotatedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const ClientWithSecret = Type.Object({
  client: ClientSchema,
  clientSecret: Nullable(Type.String()),
});

export const ClientCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    kind: Type.Enum(["web", "spa", "machine"]),
    organizationId: Nullable(Type.String({ format: "uuid" })),
    informationSystemId: Type.Optional(Nullable(Type.String({ format: "uuid" }))),
    redirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    backchannelLogoutUri: Type.Optional(Nullable(Uri)),
    authMethod: Type.Optional(
      Type.Enum(["client_secret_basic", "client_secret_post", "private_key_jwt"]),
    ),
    jwks: Type.Optional(Nullable(Jwks)),
    scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 }),
    resources: Type.Optional(Type.Array(Uri, { maxItems: 10 })),
    firstParty: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ClientPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    informationSystemId: Type.Optional(Type.String({ format: "uuid" })),
    redirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20 })),
    backchannelLogoutUri: Type.Optional(Nullable(Uri)),
    jwks: Type.Optional(Nullable(Jwks)),
    scopes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 }),
    ),
    resources: Type.Optional(Type.Array(Uri, { maxItems: 10 })),
    firstParty: Type.Optional(Type.Boolean()),
    status: Type.Optional(Type.Enum(["active", "disabled"])),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String() });

/** The client registry: systems that sign people in through the SSO or call the LGSP. */
export function clientRoutes(app: App, { db, config }: ModuleContext) {
  const tags = ["identity"];
  const registry = () => ({ db, resourceServers: resourceServers(config) });

  app.get(
    "/clients",
    {
      schema: {
        tags,
        summary: "Danh sách ứng dụng dùng SSO / registered SSO clients",
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200 })),
            organizationId: Type.Optional(Type.String({ format: "uuid" })),
            cursor: Type.Optional(Type.String({ maxLength: 500 })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(ClientSchema),
            nextCursor: Nullable(Type.String()),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => listClients({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/clients/options",
    {
      schema: {
        tags,
        summary: "Phạm vi và máy chủ tài nguyên có thể cấp / scopes and resource servers on offer",
        response: {
          200: Type.Object({
            userScopes: Type.Array(Type.String()),
            resourceServers: Type.Array(
              Type.Object({
                identifier: Type.String(),
                name: Type.String(),
                scopes: Type.Array(Type.String()),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async () => ({ userScopes: [...USER_SCOPES], resourceServers: resourceServers(config) }),
  );

  app.post(
    "/clients",
    {
      schema: {
        tags,
        summary: "Đăng ký ứng dụng / register a client (the secret is shown once)",
        body: ClientCreateBody,
        response: { 201: ClientWithSecret, ...problemResponses },
      },
    },
    async (request, reply) => {
      const created = await registerClient({
        ...registry(),
        actor: request.actor,
        input: request.body as Static<typeof ClientCreateBody>,
        meta: requestMeta(request),
      });
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/clients/:id",
    {
      schema: {
        tags,
        summary: "Một ứng dụng / one client",
        params: IdParams,
        response: { 200: ClientSchema, ...problemResponses },
      },
    },
    async (request) => getClient({ db, actor: request.actor, id: request.params.id }),
  );

  app.patch(
    "/clients/:id",
    {
      schema: {
        tags,
        summary: "Sửa hoặc vô hiệu hóa ứng dụng / change or disable a client",
        params: IdParams,
        body: ClientPatchBody,
        response: { 200: ClientSchema, ...problemResponses },
      },
    },
    async (request) =>
      updateClient({
        ...registry(),
        actor: request.actor,
        id: request.params.id,
        patch: request.body,
        meta: requestMeta(request),
      }),
  );

  app.post(
    "/clients/:id/secret",
    {
      schema: {
        tags,
        summary:
          "Cấp mật khẩu ứng dụng mới / issue a new client secret (the old one stops working)",
        params: IdParams,
        response: { 200: ClientWithSecret, ...problemResponses },
      },
    },
    async (request) =>
      rotateClientSecret({
        db,
        actor: request.actor,
        id: request.params.id,
        meta: requestMeta(request),
      }),
  );
}
