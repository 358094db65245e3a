import { requestMeta } from "../../core/http/request-meta.ts";
import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import {
  createOrganization,
  retireOrganization,
  updateOrganization,
} from "./organization-changes.ts";
import { importOrganizations } from "./organization-import.ts";
import {
  listOrganizations,
  listOrganizationTree,
  organizationHistory,
  requireOrganization,
} from "./organizations.ts";
import {
  IdParams,
  ImportBody,
  OrganizationCreateBody,
  OrganizationListQuery,
  OrganizationPatchBody,
  OrganizationSchema,
  OrganizationVersionSchema,
  RetireBody,
  TreeNodeSchema,
  pageOf,
} from "./schema.ts";

const tags = ["directory"];

/** Reading the directory is public; changing it is for administrators within their scope. */
export function organizationRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/organizations",
    {
      schema: {
        tags,
        summary: "Tìm cơ quan, đơn vị / search organizations",
        querystring: OrganizationListQuery,
        response: { 200: pageOf(OrganizationSchema), ...problemResponses },
      },
    },
    async (request) => listOrganizations({ db, ...request.query }),
  );

  app.get(
    "/organizations/tree",
    {
      schema: {
        tags,
        summary: "Cây tổ chức (danh sách phẳng) / organization tree, flat",
        response: { 200: Type.Object({ items: Type.Array(TreeNodeSchema) }), ...problemResponses },
      },
    },
    async () => ({ items: await listOrganizationTree({ db }) }),
  );

  app.get(
    "/organizations/:id",
    {
      schema: {
        tags,
        summary: "Một cơ quan / one organization",
        params: IdParams,
        response: { 200: OrganizationSchema, ...problemResponses },
      },
    },
    async (request) => requireOrganization({ db, id: request.params.id }),
  );

  app.get(
    "/organizations/:id/history",
    {
      schema: {
        tags,
        summary: "Lịch sử thay đổi của cơ quan / organization history",
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(OrganizationVersionSchema) }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      items: await organizationHistory({ db, actor: request.actor, id: request.params.id }),
    }),
  );

  app.post(
    "/organizations",
    {
      schema: {
        tags,
        summary: "Thêm cơ quan / add an organization",
        body: OrganizationCreateBody,
        response: { 201: OrganizationSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const organization = await createOrganization({
        db,
        actor: request.actor,
        input,
        requestMeta: requestMeta(request),
      });
      return reply.status(201).send(organization);
    },
  );

  app.patch(
    "/organizations/:id",
    {
      schema: {
        tags,
        summary: "Sửa thông tin cơ quan / edit an organization",
        params: IdParams,
        body: OrganizationPatchBody,
        response: { 200: OrganizationSchema, ...problemResponses },
      },
    },
    async (request) =>
      updateOrganization({
        db,
        actor: request.actor,
        id: request.params.id,
        changes: request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/organizations/:id/retire",
    {
      schema: {
        tags,
        summary: "Giải thể, ngừng hoạt động cơ quan / retire an organization",
        params: IdParams,
        body: RetireBody,
        response: { 200: OrganizationSchema, ...problemResponses },
      },
    },
    async (request) =>
      retireOrganization({
        db,
        actor: request.actor,
        id: request.params.id,
        reason: request.body.reason,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/organizations/import",
    {
      schema: {
        tags,
        summary:
          "Nhập danh sách cơ quan (tất cả hoặc không) / import organizations, all or nothing",
        body: ImportBody,
        response: { 201: Type.Object({ created: Type.Integer() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await importOrganizations({
        db,
        actor: request.actor,
        items: request.body.items,
        requestMeta: requestMeta(request),
      });
      return reply.status(201).send(result);
    },
  );
}
