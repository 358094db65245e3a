import { Type } from "typebox";
import { blobStoreFor } from "../../core/blobs.ts";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "./attachment-files.ts";
import {
  MAX_ATTACHMENTS,
  addAttachment,
  attachmentFile,
  listAttachments,
  removeAttachment,
} from "./attachments.ts";
import {
  AttachmentListSchema,
  AttachmentParams,
  AttachmentSchema,
  AttachmentUploadQuery,
} from "./attachments-schema.ts";
import { ReportParams } from "./report-schema.ts";

const tags = ["reports"];

/**
 * `filename*` (RFC 6266, RFC 5987) keeps a Vietnamese file name; `filename` is its ASCII
 * fallback for old clients (diacritics dropped, đ as d).
 */
function contentDisposition(name: string): string {
  const ascii = name
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "_");
  // encodeURIComponent leaves ' ( ) * as they are; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii || "tep"}"; filename*=UTF-8''${encoded}`;
}

/**
 * A report's attachments under `/api/v1/reports`: list, upload (the raw file as the body, its
 * name in `?name=`), download, remove.
 */
export function attachmentRoutes(app: App, ctx: ModuleContext) {
  const { db } = ctx;
  const blobs = blobStoreFor(ctx.config);

  app.get(
    "/reports/:id/attachments",
    {
      schema: {
        tags,
        summary: "Tài liệu đính kèm của báo cáo / a report's attachments",
        params: ReportParams,
        response: { 200: AttachmentListSchema, ...problemResponses },
      },
    },
    async (request) => listAttachments({ db, actor: request.actor, reportId: request.params.id }),
  );

  // Encapsulated so the raw body is left unread for the upload only: the service streams it.
  void app.register(async (scope: App) => {
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.post(
      "/reports/:id/attachments",
      {
        schema: {
          tags,
          summary: "Đính kèm tệp vào báo cáo / attach a file to a report",
          description: `Body: the file itself, with its own Content-Type (${ATTACHMENT_TYPES.join(", ")}); its name, UTF-8, in \`?name=\`. At most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB a file and ${MAX_ATTACHMENTS} files a report; only while the report is a draft or returned, by who fills it.`,
          params: ReportParams,
          querystring: AttachmentUploadQuery,
          consumes: [...ATTACHMENT_TYPES],
          response: { 201: AttachmentSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const attachment = await addAttachment({
          db,
          blobs,
          actor: request.actor,
          reportId: request.params.id,
          name: request.query.name,
          contentType: request.headers["content-type"] ?? "",
          declaredSize: Number(request.headers["content-length"] ?? 0),
          source: request.raw,
          requestMeta: requestMeta(request),
        });
        return reply.status(201).send(attachment);
      },
    );
  });

  app.get(
    "/reports/:id/attachments/:attachmentId",
    {
      schema: {
        tags,
        summary: "Tải tệp đính kèm / download an attachment",
        params: AttachmentParams,
        response: { 200: Type.Any(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const file = await attachmentFile({
        db,
        actor: request.actor,
        reportId: request.params.id,
        attachmentId: request.params.attachmentId,
      });
      // Opened before the headers: a blob gone from the store is a problem answer, not a
      // "download" of it under the file's name.
      const content = blobs.open(file.sha256);
      return reply
        .type(file.mediaType)
        .header("content-length", String(file.size))
        .header("content-disposition", contentDisposition(file.name))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(content);
    },
  );

  app.delete(
    "/reports/:id/attachments/:attachmentId",
    {
      schema: {
        tags,
        summary: "Gỡ tệp đính kèm / remove an attachment",
        params: AttachmentParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeAttachment({
        db,
        actor: request.actor,
        reportId: request.params.id,
        attachmentId: request.params.attachmentId,
        requestMeta: requestMeta(request),
      });
      return reply.status(204).send(null);
    },
  );
}
