import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { approveAccessRequest, refuseAccessRequest } from "./access-decisions.ts";
import {
  getAccessRequest,
  listAccessRequests,
  requestAccess,
  withdrawAccessRequest,
} from "./access-requests.ts";
import { listAccessRights, revokeAccessRight } from "./access-rights.ts";
import {
  AccessRequestCreateBody,
  AccessRequestListQuery,
  AccessRequestSchema,
  AccessRightListQuery,
  AccessRightSchema,
  ApproveBody,
  IdParams,
  ReasonBody,
  pageOf,
} from "./schema.ts";

const tags = ["exchange"];

/** Access requests and rights: consumers' administrators ask, providers' administrators decide. */
export function accessRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/access-requests",
    {
      schema: {
        tags,
        summary: "Yêu cầu truy cập (hộp thư bên cung cấp hoặc bên sử dụng) / access requests",
        querystring: AccessRequestListQuery,
        response: { 200: pageOf(AccessRequestSchema), ...problemResponses },
      },
    },
    async (request) => listAccessRequests({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/access-requests/:id",
    {
      schema: {
        tags,
        summary: "Một yêu cầu truy cập / one access request",
        params: IdParams,
        response: { 200: AccessRequestSchema, ...problemResponses },
      },
    },
    async (request) => getAccessRequest({ db, actor: request.actor, id: request.params.id }),
  );

  app.post(
    "/access-requests",
    {
      schema: {
        tags,
        summary: "Yêu cầu quyền truy cập dịch vụ / request access to a service",
        body: AccessRequestCreateBody,
        response: { 201: AccessRequestSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const created = await requestAccess({
        db,
        actor: request.actor,
        input: request.body,
        requestMeta: requestMeta(request),
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    "/access-requests/:id/approve",
    {
      schema: {
        tags,
        summary: "Phê duyệt yêu cầu truy cập / approve an access request",
        params: IdParams,
        body: ApproveBody,
        response: { 200: AccessRequestSchema, ...problemResponses },
      },
    },
    async (request) =>
      approveAccessRequest({
        db,
        actor: request.actor,
        id: request.params.id,
        decision: request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/access-requests/:id/refuse",
    {
      schema: {
        tags,
        summary: "Từ chối yêu cầu truy cập, nêu lý do / refuse an access request",
        params: IdParams,
        body: ReasonBody,
        response: { 200: AccessRequestSchema, ...problemResponses },
      },
    },
    async (request) =>
      refuseAccessRequest({
        db,
        actor: request.actor,
        id: request.params.id,
        reason: request.body.reason,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/access-requests/:id/withdraw",
    {
      schema: {
        tags,
        summary: "Rút yêu cầu truy cập / withdraw an access request",
        params: IdParams,
        response: { 200: AccessRequestSchema, ...problemResponses },
      },
    },
    async (request) =>
      withdrawAccessRequest({
        db,
        actor: request.actor,
        id: request.params.id,
        requestMeta: requestMeta(request),
      }),
  );

  app.get(
    "/access-rights",
    {
      schema: {
        tags,
        summary: "Quyền truy cập đã cấp / access rights",
        querystring: AccessRightListQuery,
        response: { 200: pageOf(AccessRightSchema), ...problemResponses },
      },
    },
    async (request) => listAccessRights({ db, actor: request.actor, ...request.query }),
  );

  app.post(
    "/access-rights/:id/revoke",
    {
      schema: {
        tags,
        summary: "Thu hồi quyền truy cập, nêu lý do / revoke an access right",
        params: IdParams,
        body: ReasonBody,
        response: { 200: AccessRightSchema, ...problemResponses },
      },
    },
    async (request) =>
      revokeAccessRight({
        db,
        actor: request.actor,
        id: request.params.id,
        reason: request.body.reason,
        requestMeta: requestMeta(request),
      }),
  );
}
