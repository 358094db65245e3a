import { Type } from "typebox";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { listPeerCatalogues } from "./catalogue.ts";
import { instanceIdentity } from "./instance-identity.ts";
import { addPeer, listPeers, requireFederationAdmin } from "./peers.ts";

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
  createdAt: Type.String(),
  createdBy: Type.String(),
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
