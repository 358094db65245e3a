import { Type } from "typebox";
import { requireRole } from "../../../core/actor.ts";
import { AppError, isAppError } from "../../../core/errors.ts";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { RateLimiter } from "../rate-limit.ts";
import { IdParams } from "../schema.ts";
import { CSV_TYPE, XLSX_TYPE } from "./import-file.ts";
import { csvTemplate, xlsxTemplate } from "./import-template.ts";
import { inviteUser } from "./invitations.ts";
import { describePasswordLink, reissuePasswordLink, setPasswordByLink } from "./password-links.ts";
import {
  ImportPreviewSchema,
  ImportResultSchema,
  InvitationBody,
  InvitationSchema,
  IssuedLinkSchema,
  LinkDescriptionSchema,
  SetPasswordBody,
  TokenParams,
} from "./schema.ts";
import { importUsers, previewUserImport, type ImportFile } from "./user-import.ts";

const tags = ["identity"];
/** 5,000 rows of CSV take well under 1 MiB; the margin covers Excel's packaging. */
const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * Accounts for staff of other agencies: invitations, one-time set-password links (public, rate
 * limited per address) and bulk import from CSV or Excel. The uploaded file is the raw request
 * body with its own content type, so no multipart parser is needed.
 */
export function onboardingRoutes(app: App, ctx: ModuleContext) {
  void app.register(async (scope) => registerOnboardingRoutes(scope as App, ctx));
}

function registerOnboardingRoutes(app: App, { db, config }: ModuleContext) {
  const linkLimiter = new RateLimiter(20, 20 / 60);
  const limitByAddress = (ip: string) => {
    try {
      linkLimiter.take(ip);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const retryAfter = Number(error.extra?.retryAfter);
      throw new AppError("rate_limited", {
        detail: {
          vi: `Quá nhiều lần mở liên kết đặt mật khẩu từ địa chỉ này. Thử lại sau ${retryAfter} giây.`,
          en: `Too many set-password link requests from this address. Retry in ${retryAfter} seconds.`,
        },
        extra: { retryAfter },
      });
    }
  };

  app.addContentTypeParser(
    [CSV_TYPE, XLSX_TYPE],
    { parseAs: "buffer", bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  /** Any other content type reaches the service as such, which refuses it after authorization. */
  const uploaded = (request: { body: unknown; headers: { "content-type"?: string } }) =>
    ({
      body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      contentType: (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase(),
    }) satisfies ImportFile;
  const importSchema = { tags, consumes: [CSV_TYPE, XLSX_TYPE] };

  app.get(
    "/password-links/:token",
    {
      schema: {
        tags,
        summary: "Thông tin liên kết đặt mật khẩu / what a set-password link is for",
        security: [],
        params: TokenParams,
        response: { 200: LinkDescriptionSchema, ...problemResponses },
      },
    },
    async (request) => {
      limitByAddress(request.ip);
      return describePasswordLink({ db, token: request.params.token });
    },
  );

  app.post(
    "/password-links/:token",
    {
      schema: {
        tags,
        summary: "Đặt mật khẩu bằng liên kết một lần / set a password with a one-time link",
        security: [],
        params: TokenParams,
        body: SetPasswordBody,
        response: { 200: Type.Object({ username: Type.String() }), ...problemResponses },
      },
    },
    async (request) => {
      limitByAddress(request.ip);
      return setPasswordByLink({
        db,
        token: request.params.token,
        password: request.body.password,
        meta: requestMeta(request),
      });
    },
  );

  app.post(
    "/users/:id/password-link",
    {
      schema: {
        tags,
        summary: "Cấp lại liên kết đặt mật khẩu / issue a new set-password link",
        params: IdParams,
        response: { 201: IssuedLinkSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await reissuePasswordLink({
          db,
          config,
          actor: request.actor,
          id: request.params.id,
          meta: requestMeta(request),
        }),
      ),
  );

  app.post(
    "/invitations",
    {
      schema: {
        tags,
        summary:
          "Tạo tài khoản kèm liên kết đặt mật khẩu / create an account with a set-password link",
        body: InvitationBody,
        response: { 201: InvitationSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await inviteUser({
          db,
          config,
          actor: request.actor,
          input: request.body,
          meta: requestMeta(request),
        }),
      ),
  );

  app.post(
    "/user-imports/preview",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        ...importSchema,
        summary:
          "Kiểm tra tệp tài khoản, không thay đổi gì / check an account file, change nothing",
        response: { 200: ImportPreviewSchema, ...problemResponses },
      },
    },
    async (request) => previewUserImport({ db, actor: request.actor, file: uploaded(request) }),
  );

  app.post(
    "/user-imports",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        ...importSchema,
        summary: "Nhập tài khoản từ tệp (tất cả hoặc không) / import accounts, all or nothing",
        response: { 201: ImportResultSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await importUsers({
          db,
          config,
          actor: request.actor,
          file: uploaded(request),
          meta: requestMeta(request),
        }),
      ),
  );

  app.get(
    "/user-imports/template.xlsx",
    { schema: { tags, summary: "Tệp mẫu Excel / Excel template" } },
    async (request, reply) => {
      requireRole(request.actor, "org_admin");
      return reply
        .type(XLSX_TYPE)
        .header("content-disposition", 'attachment; filename="mau-tai-khoan.xlsx"')
        .send(await xlsxTemplate());
    },
  );

  app.get(
    "/user-imports/template.csv",
    { schema: { tags, summary: "Tệp mẫu CSV / CSV template" } },
    async (request, reply) => {
      requireRole(request.actor, "org_admin");
      return reply
        .type(`${CSV_TYPE}; charset=utf-8`)
        .header("content-disposition", 'attachment; filename="mau-tai-khoan.csv"')
        .send(csvTemplate());
    },
  );
}
