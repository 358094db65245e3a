import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { correctEntry, listCorrections } from "./register-corrections.ts";
import { getEntry, listEntries, registerEntry } from "./register-entries.ts";
import { openRegisterExport, type ExportFormat } from "./register-export.ts";
import { registerCsv } from "./register-export-csv.ts";
import { loadPdfFonts, registerPdf } from "./register-export-pdf.ts";
import { registerXlsx } from "./register-export-xlsx.ts";
import {
  EntryCorrectionBody,
  EntryCorrectionSchema,
  EntryCreateBody,
  EntryListQuery,
  EntryParams,
  ExportQuery,
  RegisterCreateBody,
  RegisterEntrySchema,
  RegisterListQuery,
  RegisterParams,
  RegisterSchema,
  pageOf,
} from "./register-schema.ts";
import { createRegister, getRegister, listRegisters, setRegisterStatus } from "./registers.ts";

const tags = ["documents"];

const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

const download = (reply: FastifyReply, format: ExportFormat, fileName: string) =>
  reply
    .type(EXPORT_TYPES[format])
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .header("cache-control", "no-store");

/** Registers (sổ văn bản) and their entries, mounted under `/api/v1/documents`. */
export function registerRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/registers",
    {
      schema: {
        tags,
        summary: "Sổ văn bản của cơ quan / an organization's registers",
        querystring: RegisterListQuery,
        response: { 200: Type.Object({ items: Type.Array(RegisterSchema) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await listRegisters({ db, actor: request.actor, ...request.query }),
    }),
  );

  app.post(
    "/registers",
    {
      schema: {
        tags,
        summary: "Mở sổ văn bản / open a register",
        body: RegisterCreateBody,
        response: { 201: RegisterSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createRegister({
          db,
          actor: request.actor,
          input: request.body,
          requestMeta: requestMeta(request),
        }),
      ),
  );

  app.get(
    "/registers/:id",
    {
      schema: {
        tags,
        summary: "Một sổ văn bản / one register",
        params: RegisterParams,
        response: { 200: RegisterSchema, ...problemResponses },
      },
    },
    async (request) => getRegister(db, request.actor, request.params.id),
  );

  for (const [action, status] of [
    ["close", "closed"],
    ["reopen", "open"],
  ] as const)
    app.post(
      `/registers/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            action === "close"
              ? "Khóa sổ (không đăng ký, đính chính thêm) / close a register"
              : "Mở lại sổ đã khóa / reopen a closed register",
          params: RegisterParams,
          response: { 200: RegisterSchema, ...problemResponses },
        },
      },
      async (request) =>
        setRegisterStatus({
          db,
          actor: request.actor,
          id: request.params.id,
          status,
          requestMeta: requestMeta(request),
        }),
    );

  app.get(
    "/registers/:id/entries",
    {
      schema: {
        tags,
        summary: "Văn bản đã đăng ký trong sổ / entries of a register",
        params: RegisterParams,
        querystring: EntryListQuery,
        response: { 200: pageOf(RegisterEntrySchema), ...problemResponses },
      },
    },
    async (request) =>
      listEntries({ db, actor: request.actor, registerId: request.params.id, ...request.query }),
  );

  app.post(
    "/registers/:id/entries",
    {
      schema: {
        tags,
        summary: "Đăng ký văn bản, cấp số / register a document and give it its number",
        params: RegisterParams,
        body: EntryCreateBody,
        response: { 201: RegisterEntrySchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await registerEntry({
          db,
          actor: request.actor,
          registerId: request.params.id,
          input: request.body,
          requestMeta: requestMeta(request),
        }),
      ),
  );

  app.get(
    "/registers/:id/entries/:entryId",
    {
      schema: {
        tags,
        summary: "Một văn bản trong sổ / one entry",
        params: EntryParams,
        response: { 200: RegisterEntrySchema, ...problemResponses },
      },
    },
    async (request) =>
      getEntry({
        db,
        actor: request.actor,
        registerId: request.params.id,
        entryId: request.params.entryId,
      }),
  );

  app.patch(
    "/registers/:id/entries/:entryId",
    {
      schema: {
        tags,
        summary:
          "Đính chính (trừ số, ký hiệu, ngày, loại), lưu giá trị cũ / correct an entry, keeping the old values",
        params: EntryParams,
        body: EntryCorrectionBody,
        response: { 200: RegisterEntrySchema, ...problemResponses },
      },
    },
    async (request) =>
      correctEntry({
        db,
        actor: request.actor,
        registerId: request.params.id,
        entryId: request.params.entryId,
        input: request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.get(
    "/registers/:id/entries/:entryId/corrections",
    {
      schema: {
        tags,
        summary: "Lịch sử đính chính / correction history, newest first",
        params: EntryParams,
        response: {
          200: Type.Object({ items: Type.Array(EntryCorrectionSchema) }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      items: await listCorrections({
        db,
        actor: request.actor,
        registerId: request.params.id,
        entryId: request.params.entryId,
      }),
    }),
  );

  for (const format of ["csv", "xlsx", "pdf"] as const)
    app.get(
      `/registers/:id/export.${format}`,
      {
        schema: {
          tags,
          summary: `Xuất sổ theo mẫu Nghị định 30/2020 (${format.toUpperCase()}) / export in the legal form`,
          params: RegisterParams,
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        const fonts = format === "pdf" ? loadPdfFonts() : undefined;
        const exported = await openRegisterExport({
          db,
          actor: request.actor,
          registerId: request.params.id,
          filter: request.query,
          format,
          requestMeta: requestMeta(request),
        });
        const body =
          format === "csv"
            ? Readable.from(registerCsv(exported))
            : format === "xlsx"
              ? await registerXlsx(exported)
              : Buffer.from(await registerPdf(exported, fonts));
        return download(reply, format, exported.fileName).send(body);
      },
    );
}
