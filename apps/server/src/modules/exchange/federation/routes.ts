import { Type } from "typebox";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { listPeerCatalogues } from "./catalogue.ts";
import { instanceIdentity } from "./instance-identity.ts";
import { addPeer, listPeers, removePeer, requireFederationAdmin, updatePeer } from "./peers.ts";

const tags = ["exchange"];

const AGENCY_CODE = "^[0-9A-Z.]{1,32}$";

const PeerSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  certificate: Type.String(),
  fingerprint: Type.String(),
  orgCodes: Type.Array(Type.String()),
  status: Type.Union([Type.Literal("active"), Type.Literal("suspended")]),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});

const PeerCreateBody = Type.Object(
  {
    name: Type.String({ pattern: "^[a-z0-9][a-z0-9.-]{0,62}$" }),
    url: Type.String({ pattern: "^https://", maxLength: 500 }),
    certificate: Type.String({ minLength: 100, maxLength: 20_000 }),
    orgCodes: Type.Array(Type.String({ pattern: AGENCY_CODE }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

const PeerUpdateBody = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("suspended")])),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    url: Type.Optional(Type.String({ pattern: "^https://", maxLength: 500 })),
    certificate: Type.Optional(Type.String({ minLength: 100, maxLength: 20_000 })),
    orgCodes: Type.Optional(
      Type.Array(Type.String({ pattern: AGENCY_CODE }), { minItems: 1, maxItems: 500 }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const PeerParams = Type.Object({ id: Type.String({ format: "uuid" }) });

const PeerCatalogueSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      peer: Type.String(),
      code: Type.String(),
      version: Type.String(),
      name: Type.String(),
      description: Type.String(),
      kind: Type.String(),
      classification: Type.String(),
      owner: Type.String(),
      providerOrgCode: Type.String(),
      providerOrgName: Type.String(),
      providerSystemCode: Type.String(),
      documentationUrl: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      gatewayPath: Type.String(),
    }),
  ),
  unreachable: Type.Array(Type.String()),
});

const InstanceCertificateSchema = Type.Object({
  certificate: Type.String(),
  fingerprint: Type.String(),
});

/** Federation administration under `/api/v1/exchange/federation` (system administrators). */
export function federationRoutes(app: App, ctx: ModuleContext) {
  const { db } = ctx;
  app.get(
    "/federation/instance-certificate",
    {
      schema: {
        tags,
        summary:
          "Chứng thư của nền tảng này, để trao cho nền tảng liên kết / this instance's certificate",
        response: { 200: InstanceCertificateSchema, ...problemResponses },
      },
    },
    async (request) => {
      requireFederationAdmin(request.actor);
      const identity = await instanceIdentity(ctx);
      return { certificate: identity.certificatePem, fingerprint: identity.fingerprint };
    },
  );

  app.get(
    "/federation/peers",
    {
      schema: {
        tags,
        summary: "Các nền tảng liên kết / federation peers",
        response: { 200: Type.Array(PeerSchema), ...problemResponses },
      },
    },
    async (request) => listPeers({ db, actor: request.actor }),
  );

  app.post(
    "/federation/peers",
    {
      schema: {
        tags,
        summary: "Thêm nền tảng liên kết / add a federation peer",
        body: PeerCreateBody,
        response: { 201: PeerSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const peer = await addPeer({
        db,
        actor: request.actor,
        input: request.body,
        requestMeta: requestMeta(request),
      });
      return reply.code(201).send(peer);
    },
  );

  app.patch(
    "/federation/peers/:id",
    {
      schema: {
        tags,
        summary:
          "Tạm ngừng, khôi phục, đổi địa chỉ, cơ quan hoặc ghim lại chứng thư của nền tảng liên kết / suspend, resume, move, re-scope or re-pin a peer",
        params: PeerParams,
        body: PeerUpdateBody,
        response: { 200: PeerSchema, ...problemResponses },
      },
    },
    async (request) =>
      updatePeer({
        db,
        actor: request.actor,
        id: request.params.id,
        input: request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.delete(
    "/federation/peers/:id",
    {
      schema: {
        tags,
        summary: "Gỡ nền tảng liên kết / remove a federation peer",
        params: PeerParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removePeer({
        db,
        actor: request.actor,
        id: request.params.id,
        requestMeta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/federation/catalogue",
    {
      schema: {
        tags,
        summary:
          "Danh mục dịch vụ của các nền tảng liên kết (chỉ đọc) / the peers' shared catalogues (read-only)",
        response: { 200: PeerCatalogueSchema, ...problemResponses },
      },
    },
    async (request) => listPeerCatalogues({ ctx, actor: request.actor }),
  );
}
