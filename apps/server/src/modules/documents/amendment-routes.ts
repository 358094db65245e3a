import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { agreeAmendment, listAmendments, refuseAmendment } from "./amendment-decide.ts";
import {
  AmendmentListSchema,
  AmendmentParams,
  DecidedAmendmentSchema,
  RefuseBody,
  RevokeBody,
  SentAmendmentSchema,
  UpdateBody,
} from "./amendment-schema.ts";
import { revokeDocument, updateIssuedDocument } from "./amendment-send.ts";
import { IdParams } from "./incoming-schema.ts";

const tags = ["documents"];

/**
 * Revoking and updating issued documents (the sender), answering such requests (the recipient's
 * clerk), and the requests on a document, under `/api/v1/documents`. Replacing is issuing a new
 * document with `replaces` (outgoing-routes.ts).
 */
export function amendmentRoutes(app: App, ctx: ModuleContext) {
  const { db } = ctx;
  const actions = { ...ctx, blobs: blobStoreFor(ctx.config) };

  app.post(
    "/documents/:id/revoke",
    {
      schema: {
        tags,
        summary: "Thu hồi văn bản đã phát hành / revoke an issued document",
        params: IdParams,
        body: RevokeBody,
        response: { 200: SentAmendmentSchema, ...problemResponses },
      },
    },
    async (request) =>
      revokeDocument(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        reason: request.body.reason,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/update",
    {
      schema: {
        tags,
        summary: "Cập nhật văn bản đã phát hành / update an issued document",
        params: IdParams,
        body: UpdateBody,
        response: { 200: SentAmendmentSchema, ...problemResponses },
      },
    },
    async (request) =>
      updateIssuedDocument(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        reason: request.body.reason,
        changes: request.body.changes,
        requestMeta: requestMeta(request),
      }),
  );

  app.get(
    "/documents/:id/amendments",
    {
      schema: {
        tags,
        summary: "Yêu cầu thu hồi, cập nhật, thay thế / revoke, update, replace requests",
        params: IdParams,
        response: { 200: AmendmentListSchema, ...problemResponses },
      },
    },
    async (request) => listAmendments({ db, actor: request.actor, documentId: request.params.id }),
  );

  app.post(
    "/documents/:id/amendments/:amendmentId/agree",
    {
      schema: {
        tags,
        summary: "Đồng ý thu hồi/cập nhật (15) / agree to the request",
        params: AmendmentParams,
        response: { 200: DecidedAmendmentSchema, ...problemResponses },
      },
    },
    async (request) =>
      agreeAmendment(actions, {
        actor: request.actor,
        documentId: request.params.id,
        amendmentId: request.params.amendmentId,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/amendments/:amendmentId/refuse",
    {
      schema: {
        tags,
        summary: "Từ chối thu hồi/cập nhật (16), nêu lý do / refuse with a reason",
        params: AmendmentParams,
        body: RefuseBody,
        response: { 200: DecidedAmendmentSchema, ...problemResponses },
      },
    },
    async (request) =>
      refuseAmendment(actions, {
        actor: request.actor,
        documentId: request.params.id,
        amendmentId: request.params.amendmentId,
        reason: request.body.reason,
        requestMeta: requestMeta(request),
      }),
  );
}
