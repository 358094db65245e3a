import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { addValueComment } from "./comments.ts";
import {
  CommentBody,
  ReportOpenBody,
  ReportParams,
  ReportSaveBody,
  ReportViewSchema,
  ReviewBody,
  SignatureCheckSchema,
  SignatureQuery,
  ValueCommentSchema,
  VersionParams,
} from "./report-schema.ts";
import { openReport } from "./report-open.ts";
import { checkReportSignature, reportSignatureFile } from "./report-signature.ts";
import { getReport } from "./report-view.ts";
import { reviewReport } from "./review.ts";
import { saveReport, submitReport } from "./submissions.ts";

const tags = ["reports"];

/** A unit's report of a period: open, fill, submit, review, check; under `/api/v1/reports`. */
export function reportRoutes(app: App, ctx: ModuleContext) {
  const { db } = ctx;
  app.post(
    "/reports",
    {
      schema: {
        tags,
        summary: "Mở báo cáo của đơn vị cho một kỳ / open a unit's report for a period",
        body: ReportOpenBody,
        response: { 200: ReportViewSchema, ...problemResponses },
      },
    },
    async (request) => openReport({ db, actor: request.actor, ...request.body }),
  );

  app.get(
    "/reports/:id",
    {
      schema: {
        tags,
        summary: "Một báo cáo, với số liệu, chỉ tiêu tính toán và lịch sử / one report",
        params: ReportParams,
        response: { 200: ReportViewSchema, ...problemResponses },
      },
    },
    async (request) => getReport({ db, actor: request.actor, id: request.params.id }),
  );

  app.patch(
    "/reports/:id",
    {
      schema: {
        tags,
        summary: "Lưu số liệu và nội dung (tự động lưu) / save values and narrative",
        params: ReportParams,
        body: ReportSaveBody,
        response: { 200: ReportViewSchema, ...problemResponses },
      },
    },
    async (request) =>
      saveReport({ db, actor: request.actor, id: request.params.id, ...request.body }),
  );

  app.post(
    "/reports/:id/submit",
    {
      schema: {
        tags,
        summary: "Gửi báo cáo (ký số) / submit the report (signed)",
        params: ReportParams,
        response: { 200: ReportViewSchema, ...problemResponses },
      },
    },
    async (request) =>
      submitReport({
        ctx,
        actor: request.actor,
        id: request.params.id,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/reports/:id/review",
    {
      schema: {
        tags,
        summary: "Tiếp nhận hoặc trả lại báo cáo / accept or return the report",
        params: ReportParams,
        body: ReviewBody,
        response: { 200: ReportViewSchema, ...problemResponses },
      },
    },
    async (request) =>
      reviewReport({
        db,
        actor: request.actor,
        id: request.params.id,
        ...request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/reports/:id/comments",
    {
      schema: {
        tags,
        summary: "Ghi ý kiến về một số liệu / comment on a value",
        description:
          "Đơn vị báo cáo ghi khi báo cáo còn sửa được; đơn vị nhận ghi khi xem xét. Báo cáo đã tiếp nhận thì khóa. / The reporting unit comments while the report is open to it; the receiving unit while it reviews; accepted reports are locked.",
        params: ReportParams,
        body: CommentBody,
        response: { 201: ValueCommentSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const comment = await addValueComment({
        db,
        actor: request.actor,
        reportId: request.params.id,
        ...request.body,
        requestMeta: requestMeta(request),
      });
      return reply.code(201).send(comment);
    },
  );

  app.get(
    "/reports/:id/signature",
    {
      schema: {
        tags,
        summary:
          "Kiểm tra chữ ký của một lần gửi (mặc định lần gần nhất) / check a submission's signature (the latest by default)",
        params: ReportParams,
        querystring: SignatureQuery,
        response: { 200: SignatureCheckSchema, ...problemResponses },
      },
    },
    async (request) =>
      checkReportSignature({
        ctx,
        actor: request.actor,
        id: request.params.id,
        version: request.query.version,
      }),
  );

  app.get(
    "/reports/:id/versions/:version/jws",
    {
      schema: {
        tags,
        summary:
          "Tệp chữ ký (JWS) của một lần gửi, kiểm tra được bằng chứng thư đi kèm / a submission's JWS as a file",
        params: VersionParams,
        response: { 200: Type.String(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const file = await reportSignatureFile({
        ctx,
        actor: request.actor,
        id: request.params.id,
        version: request.params.version,
      });
      return reply
        .type("application/jose")
        .header("content-disposition", `attachment; filename="${file.fileName}"`)
        .header("x-content-type-options", "nosniff")
        .send(file.jws);
    },
  );
}
