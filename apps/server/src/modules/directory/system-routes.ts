import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import {
  IdParams,
  InformationSystemSchema,
  SystemCreateBody,
  SystemListQuery,
  SystemPatchBody,
  pageOf,
} from "./schema.ts";
import {
  createInformationSystem,
  getInformationSystem,
  listInformationSystems,
  updateInformationSystem,
} from "./systems.ts";

const tags = ["directory"];

/** The register of information systems is for signed-in staff; changes for administrators in scope. */
export function systemRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/systems",
    {
      schema: {
        tags,
        summary: "Danh mục hệ thống thông tin / information systems",
        querystring: SystemListQuery,
        response: { 200: pageOf(InformationSystemSchema), ...problemResponses },
      },
    },
    async (request) => listInformationSystems({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/systems/:id",
    {
      schema: {
        tags,
        summary: "Một hệ thống thông tin / one information system",
        params: IdParams,
        response: { 200: InformationSystemSchema, ...problemResponses },
      },
    },
    async (request) => getInformationSystem({ db, actor: request.actor, id: request.params.id }),
  );

  app.post(
    "/systems",
    {
      schema: {
        tags,
        summary: "Đăng ký hệ thống thông tin / register an information system",
        body: SystemCreateBody,
        response: { 201: InformationSystemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const system = await createInformationSystem({
        db,
        actor: request.actor,
        input: request.body,
        requestMeta: requestMeta(request),
      });
      return reply.status(201).send(system);
    },
  );

  app.patch(
    "/systems/:id",
    {
      schema: {
        tags,
        summary: "Sửa thông tin hệ thống / edit an information system",
        params: IdParams,
        body: SystemPatchBody,
        response: { 200: InformationSystemSchema, ...problemResponses },
      },
    },
    async (request) =>
      updateInformationSystem({
        db,
        actor: request.actor,
        id: request.params.id,
        changes: request.body,
        requestMeta: requestMeta(request),
      }),
  );
}
