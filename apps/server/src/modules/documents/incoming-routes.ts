import { Type } from "typebox";
import { requireActor, type Actor } from "../../core/actor.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { AppError } from "../../core/errors.ts";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { getDocument, listDocuments } from "./documents.ts";
import { selectFile } from "./documents-repo.ts";
import { MAX_PACKAGE_BYTES, receivePackage } from "./incoming.ts";
import { visibleDocument } from "./incoming-access.ts";
import {
  acceptIncoming,
  completeIncoming,
  getValidation,
  rejectIncoming,
} from "./incoming-actions.ts";
import { addComment, getHandling, linkDocument } from "./incoming-comments.ts";
import { assignIncoming, startHandling } from "./incoming-handling.ts";
import { outgoingValidation } from "./outgoing-validation.ts";
import {
  AcceptBody,
  AssignBody,
  AssignmentSchema,
  CommentBody,
  CommentSchema,
  CompleteBody,
  DocumentDetailSchema,
  DocumentListQuery,
  DocumentPageSchema,
  DocumentSummarySchema,
  FileParams,
  HandlingSchema,
  IdParams,
  LinkBody,
  ReceiveOutcomeSchema,
  RejectBody,
  ValidationSchema,
} from "./incoming-schema.ts";

const tags = ["documents"];
const XML_TYPES = ["application/xml", "text/xml"];

/** The platform reading for a handler outside the organization (an assigned unit's person). */
const READER: Actor = { kind: "system", name: "documents.handler" };

/** `filename*` (RFC 6266, RFC 5987) keeps a Vietnamese file name; `filename` is its ASCII fallback. */
function contentDisposition(name: string): string {
  const ascii = name
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "_");
  return `attachment; filename="${ascii || "tep"}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Documents and receiving, under `/api/v1/documents`: the inbox that takes edXML packages (a
 * clerk's upload, and the entry point of deliveries through the LGSP), reading documents and their
 * files, and the clerk's and leader's actions on an incoming document.
 */
export async function incomingRoutes(app: App, ctx: ModuleContext) {
  const { db } = ctx;
  const blobs = blobStoreFor(ctx.config);
  const actions = { ...ctx, blobs };

  // Encapsulated so the streaming XML parser applies to the inbox only.
  await app.register(async (scope: App) => {
    // The body stays unread here: the service streams `request.raw` into the blob store.
    scope.addContentTypeParser(XML_TYPES, (_request, _payload, done) => done(null));
    scope.post(
      "/inbox",
      {
        // The body is a stream read by the service, not a value to validate; only documented.
        validatorCompiler: () => () => true,
        schema: {
          tags,
          summary: "Nhận gói tin edXML (văn bản, trạng thái) / receive an edXML package",
          description:
            "Body: the edXML package itself (application/xml), streamed. 202 when a document or status was recorded, 200 when the package was received before and nothing changed. A package that cannot be taken in is answered with problem details and kept as a refused receipt.",
          consumes: XML_TYPES,
          body: Type.String({ description: "Gói tin edXML / the edXML package (XML)" }),
          response: { 200: ReceiveOutcomeSchema, 202: ReceiveOutcomeSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request.actor);
        const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
        if (!XML_TYPES.includes(type))
          throw new AppError("unsupported_media_type", {
            detail: {
              vi: "Gửi gói tin edXML với Content-Type application/xml.",
              en: "Send the edXML package as application/xml.",
            },
          });
        if (Number(request.headers["content-length"] ?? 0) > MAX_PACKAGE_BYTES)
          throw new AppError("payload_too_large", { extra: { limit: MAX_PACKAGE_BYTES } });
        const outcome = await receivePackage(actions, {
          source: request.raw,
          // A person uploads; the platform's own callers (the LGSP delivery) come as the system.
          via: actor.kind === "user" ? "upload" : "lgsp",
          actor,
        });
        return reply.status(outcome.outcome === "duplicate" ? 200 : 202).send(outcome);
      },
    );
  });

  app.get(
    "/documents",
    {
      schema: {
        tags,
        summary: "Danh sách văn bản của cơ quan / an organization's documents",
        querystring: DocumentListQuery,
        response: { 200: DocumentPageSchema, ...problemResponses },
      },
    },
    async (request) => listDocuments({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/documents/:id",
    {
      schema: {
        tags,
        summary: "Một văn bản: tệp, diễn biến, nơi nhận / one document",
        params: IdParams,
        response: { 200: DocumentDetailSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { readable } = await visibleDocument(db, request.actor, request.params.id);
      return getDocument(db, readable ? request.actor : READER, request.params.id);
    },
  );

  app.get(
    "/documents/:id/files/:fileId",
    {
      schema: {
        tags,
        summary: "Tải tệp của văn bản / download a document's file",
        params: FileParams,
        response: { 200: Type.Any(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { row } = await visibleDocument(db, request.actor, request.params.id);
      const file = await selectFile(db, row.id, request.params.fileId);
      if (!file) throw new AppError("not_found");
      return reply
        .type(file.content_type)
        .header("content-length", String(file.size))
        .header("content-disposition", contentDisposition(file.name))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(blobs.open(file.sha256));
    },
  );

  app.get(
    "/documents/:id/validation",
    {
      schema: {
        tags,
        summary:
          "Kết quả kiểm tra chữ ký số / signature checks (on receipt; for an outgoing document, of its current file, now)",
        params: IdParams,
        response: { 200: ValidationSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { row } = await visibleDocument(db, request.actor, request.params.id);
      return row.direction === "outgoing"
        ? outgoingValidation(ctx, row)
        : getValidation({ db, actor: request.actor, id: request.params.id });
    },
  );

  app.get(
    "/documents/:id/handling",
    {
      schema: {
        tags,
        summary: "Phân công, ý kiến, văn bản liên quan / assignment, comments, links",
        params: IdParams,
        response: { 200: HandlingSchema, ...problemResponses },
      },
    },
    async (request) => getHandling({ db, actor: request.actor, id: request.params.id }),
  );

  app.post(
    "/documents/:id/accept",
    {
      schema: {
        tags,
        summary: "Văn thư tiếp nhận, vào sổ văn bản đến / accept and register",
        params: IdParams,
        body: AcceptBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      acceptIncoming(actions, {
        actor: request.actor,
        id: request.params.id,
        note: request.body?.note,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/reject",
    {
      schema: {
        tags,
        summary: "Từ chối tiếp nhận, nêu lý do / reject with a reason",
        params: IdParams,
        body: RejectBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      rejectIncoming(actions, {
        actor: request.actor,
        id: request.params.id,
        reason: request.body.reason,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/complete",
    {
      schema: {
        tags,
        summary: "Hoàn thành xử lý, báo kết quả / report the document handled",
        params: IdParams,
        body: CompleteBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      completeIncoming(actions, {
        actor: request.actor,
        id: request.params.id,
        note: request.body.note,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/start",
    {
      schema: {
        tags,
        summary: "Bắt đầu xử lý / start handling",
        params: IdParams,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      startHandling({
        db,
        actor: request.actor,
        id: request.params.id,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/assign",
    {
      schema: {
        tags,
        summary: "Lãnh đạo cho ý kiến chỉ đạo, phân công xử lý / direct and assign",
        params: IdParams,
        body: AssignBody,
        response: {
          200: Type.Intersect([
            DocumentSummarySchema,
            Type.Object({ assignment: AssignmentSchema }),
          ]),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      assignIncoming(actions, {
        actor: request.actor,
        id: request.params.id,
        input: request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/comments",
    {
      schema: {
        tags,
        summary: "Ghi ý kiến xử lý / comment",
        params: IdParams,
        body: CommentBody,
        response: { 201: CommentSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await addComment({
          db,
          actor: request.actor,
          id: request.params.id,
          body: request.body.body,
          requestMeta: requestMeta(request),
        }),
      ),
  );

  app.post(
    "/documents/:id/links",
    {
      schema: {
        tags,
        summary: "Liên kết văn bản liên quan / link a related document",
        params: IdParams,
        body: LinkBody,
        response: { 200: Type.Object({ linked: Type.Boolean() }), ...problemResponses },
      },
    },
    async (request) =>
      linkDocument({
        db,
        actor: request.actor,
        id: request.params.id,
        relatedId: request.body.relatedId,
        note: request.body.note,
        requestMeta: requestMeta(request),
      }),
  );
}
