import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import {
  IdParams,
  ReasonBody,
  ServiceCreateBody,
  ServiceDetailSchema,
  ServiceListQuery,
  ServicePatchBody,
  ServiceSchema,
  pageOf,
} from "./schema.ts";
import {
  getService,
  registerService,
  retireService,
  searchCatalogue,
  updateService,
} from "./services.ts";

const tags = ["exchange"];

/** The service catalogue: read by signed-in staff, kept by the providers' administrators. */
export function serviceRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/services",
    {
      schema: {
        tags,
        summary: "Tìm dịch vụ trong danh mục / search the service catalogue",
        querystring: ServiceListQuery,
        response: { 200: pageOf(ServiceSchema), ...problemResponses },
      },
    },
    async (request) => searchCatalogue({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/services/:id",
    {
      schema: {
        tags,
        summary: "Chi tiết dịch vụ, mô tả và các thao tác / a service with its description",
        params: IdParams,
        response: { 200: ServiceDetailSchema, ...problemResponses },
      },
    },
    async (request) => getService({ db, actor: request.actor, id: request.params.id }),
  );

  app.post(
    "/services",
    {
      schema: {
        tags,
        summary: "Đăng ký dịch vụ / register a service",
        body: ServiceCreateBody,
        response: { 201: ServiceDetailSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const service = await registerService({
        db,
        actor: request.actor,
        input: request.body,
        requestMeta: requestMeta(request),
      });
      return reply.status(201).send(service);
    },
  );

  app.patch(
    "/services/:id",
    {
      schema: {
        tags,
        summary: "Sửa thông tin, mô tả, chính sách dịch vụ / change a service",
        params: IdParams,
        body: ServicePatchBody,
        response: { 200: ServiceDetailSchema, ...problemResponses },
      },
    },
    async (request) =>
      updateService({
        db,
        actor: request.actor,
        id: request.params.id,
        changes: request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/services/:id/retire",
    {
      schema: {
        tags,
        summary: "Ngừng cung cấp dịch vụ / retire a service",
        params: IdParams,
        body: ReasonBody,
        response: { 200: ServiceDetailSchema, ...problemResponses },
      },
    },
    async (request) =>
      retireService({
        db,
        actor: request.actor,
        id: request.params.id,
        reason: request.body.reason,
        requestMeta: requestMeta(request),
      }),
  );
}
