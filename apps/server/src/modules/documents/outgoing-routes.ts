import { AppError } from "../../core/errors.ts";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { DocumentSummarySchema, FileSchema, IdParams } from "./incoming-schema.ts";
import {
  approveAndSign,
  createDraft,
  DOCX_TYPE,
  issueDocument,
  MAX_DRAFT_BYTES,
  numberDocument,
  returnDraft,
  sealDocument,
  submitForReview,
  uploadDraftFile,
} from "./outgoing.ts";
import {
  completeExternalSignature,
  prepareExternalSignature,
} from "./outgoing-external-signing.ts";
import {
  CompleteSignatureBody,
  DraftBody,
  DraftFileQuery,
  IssueBody,
  NoteBody,
  PrepareSignatureBody,
  PreparedSignatureSchema,
  ReturnBody,
  SignBody,
} from "./outgoing-schema.ts";

const tags = ["documents"];
const DRAFT_TYPES = ["application/pdf", DOCX_TYPE];
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function signatureImage(base64: string | undefined): Uint8Array | undefined {
  if (base64 === undefined) return undefined;
  const image = Buffer.from(base64, "base64");
  if (!image.subarray(0, 8).equals(PNG_MAGIC))
    throw new AppError("validation_failed", {
      errors: [{ path: "body.signatureImage", message: "not a PNG image" }],
      detail: {
        vi: "Ảnh chữ ký phải là tệp PNG (mã hóa base64).",
        en: "The signature image must be a PNG file (base64).",
      },
    });
  return image;
}

/**
 * The outgoing workflow under `/api/v1/documents`: a draft is created, its PDF or DOCX uploaded,
 * submitted, returned or approved and signed by a leader, numbered and sealed by the clerk, and
 * issued to agencies from the directory. Reading documents and files is in incoming-routes.ts.
 */
export async function outgoingRoutes(app: App, ctx: ModuleContext) {
  app.post(
    "/outgoing",
    {
      schema: {
        tags,
        summary: "Tạo dự thảo văn bản đi / start an outgoing document",
        body: DraftBody,
        response: { 201: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { organizationId, ...input } = request.body;
      const created = await createDraft(ctx, {
        actor: request.actor,
        organizationId,
        input,
        requestMeta: requestMeta(request),
      });
      return reply.status(201).send(created);
    },
  );

  // Encapsulated so the raw PDF/DOCX body is left unread for this route only.
  await app.register(async (scope: App) => {
    scope.addContentTypeParser(DRAFT_TYPES, (_request, _payload, done) => done(null));
    scope.put(
      "/documents/:id/draft",
      {
        schema: {
          tags,
          summary: "Tải lên tệp dự thảo (PDF hoặc DOCX) / upload the draft's file",
          description: `Body: the file itself, as application/pdf or ${DOCX_TYPE} (converted to PDF by LibreOffice when the server has it), at most ${MAX_DRAFT_BYTES / 1024 / 1024} MB. The file name goes in \`?name=\`.`,
          params: IdParams,
          querystring: DraftFileQuery,
          consumes: DRAFT_TYPES,
          response: { 200: FileSchema, ...problemResponses },
        },
      },
      async (request) => {
        const contentType = request.headers["content-type"] ?? "";
        if (Number(request.headers["content-length"] ?? 0) > MAX_DRAFT_BYTES)
          throw new AppError("payload_too_large", { extra: { limit: MAX_DRAFT_BYTES } });
        const isDocx = contentType.toLowerCase().startsWith(DOCX_TYPE);
        return uploadDraftFile(ctx, {
          actor: request.actor,
          documentId: request.params.id,
          name: request.query.name ?? (isDocx ? "du-thao.docx" : "du-thao.pdf"),
          contentType,
          source: request.raw,
          requestMeta: requestMeta(request),
        });
      },
    );
  });

  app.post(
    "/documents/:id/submit",
    {
      schema: {
        tags,
        summary: "Trình lãnh đạo duyệt / submit for review",
        params: IdParams,
        body: NoteBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      submitForReview(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        note: request.body?.note,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/return",
    {
      schema: {
        tags,
        summary: "Lãnh đạo trả lại dự thảo, nêu lý do / return the draft",
        params: IdParams,
        body: ReturnBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      returnDraft(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        note: request.body.note,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/sign",
    {
      schema: {
        tags,
        summary: "Lãnh đạo duyệt và ký số / approve and sign (PAdES B-T)",
        params: IdParams,
        body: SignBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      approveAndSign(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        signer: request.body?.signer,
        note: request.body?.note,
        signatureImage: signatureImage(request.body?.signatureImage),
        placement: request.body?.placement,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/sign/prepare",
    {
      schema: {
        tags,
        summary: "Chuẩn bị ký bằng USB token / ký số từ xa / prepare an external signature",
        description:
          "Adds the leader's signature field to the draft and answers the signed attributes for the leader's device to sign; finish with `/sign/complete` within ten minutes.",
        params: IdParams,
        body: PrepareSignatureBody,
        response: { 200: PreparedSignatureSchema, ...problemResponses },
      },
    },
    async (request) =>
      prepareExternalSignature(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        certificate: Buffer.from(request.body.certificate, "base64"),
        signer: request.body.signer,
        signatureImage: signatureImage(request.body.signatureImage),
        placement: request.body.placement,
      }),
  );

  app.post(
    "/documents/:id/sign/complete",
    {
      schema: {
        tags,
        summary: "Hoàn tất ký bằng USB token / ký số từ xa / complete an external signature",
        params: IdParams,
        body: CompleteSignatureBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      completeExternalSignature(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        sessionId: request.body.sessionId,
        signatureValue: Buffer.from(request.body.signatureValue, "base64"),
        chain: request.body.chain?.map((c) => Buffer.from(c, "base64")),
        note: request.body.note,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/number",
    {
      schema: {
        tags,
        summary: "Văn thư cấp số, vào sổ văn bản đi / number and register",
        params: IdParams,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      numberDocument(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/seal",
    {
      schema: {
        tags,
        summary: "Ký số của cơ quan (con dấu) / apply the agency's signature",
        params: IdParams,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      sealDocument(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/documents/:id/issue",
    {
      schema: {
        tags,
        summary: "Phát hành: gửi gói tin edXML tới các cơ quan nhận / issue to agencies",
        params: IdParams,
        body: IssueBody,
        response: { 200: DocumentSummarySchema, ...problemResponses },
      },
    },
    async (request) =>
      issueDocument(ctx, {
        actor: request.actor,
        documentId: request.params.id,
        recipientCodes: request.body.recipientCodes,
        replaces: request.body.replaces,
        requestMeta: requestMeta(request),
      }),
  );
}
