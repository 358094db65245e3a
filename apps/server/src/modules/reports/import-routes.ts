import type { FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.ts";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { CONSUMER_ASSERTION_HEADER, createConsumerAssertionVerifier } from "../exchange/index.ts";
import { createResourceTokenVerifier } from "../identity/index.ts";
import { dataValuesFromCsv } from "./import-csv.ts";
import {
  DataValueSetSchema,
  ImportProblemSchema,
  ImportQuery,
  ImportSummarySchema,
} from "./import-schema.ts";
import { dataValuesOf, importDataValues, type ImportCaller } from "./import.ts";

const tags = ["reports"];
const CSV_TYPES = ["text/csv", "application/csv"];
/** About 200,000 values of DHIS2 JSON; a province's quarter of commune reports fits many times. */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * The bulk import of values, DHIS2's `POST /dataValueSets` (JSON or CSV), under
 * `/api/v1/reports`. People call it with their session or API token; provincial systems with an
 * SSO client-credentials access token whose audience is this API.
 */
export function importRoutes(app: App, ctx: ModuleContext) {
  void app.register(async (scope) => registerImportRoutes(scope as App, ctx));
}

function registerImportRoutes(app: App, ctx: ModuleContext) {
  const api = `${ctx.config.publicUrl}/api/v1/reports`;
  const verifyToken = createResourceTokenVerifier(ctx, api);
  const verifyConsumer = createConsumerAssertionVerifier(ctx, api);

  // The CSV becomes the JSON shape here, so one schema checks both.
  app.addContentTypeParser(
    CSV_TYPES,
    { parseAs: "string", bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => {
      try {
        done(null, { dataValues: dataValuesFromCsv(body as string) });
      } catch (error) {
        done(error as Error);
      }
    },
  );

  const callerOf = async (request: FastifyRequest): Promise<ImportCaller> => {
    if (request.actor) return { kind: "actor", actor: request.actor };
    const statement = request.headers[CONSUMER_ASSERTION_HEADER];
    if (typeof statement === "string") return throughGateway(statement);
    const verdict = await verifyToken(request.headers.authorization);
    if ("refused" in verdict) {
      if (verdict.refused === "missing") throw new AppError("unauthenticated");
      throw new AppError("unauthenticated", {
        detail: {
          vi: "Mã truy cập không hợp lệ cho API báo cáo (cần mã client credentials do SSO cấp cho API này).",
          en: "The access token is not valid for the reporting API (a client-credentials token from the SSO for this API is required).",
        },
        extra: { tokenError: verdict.refused },
      });
    }
    const { clientId, organizationId, scope } = verdict.caller;
    if (!scope.includes("reports"))
      throw new AppError("forbidden", {
        detail: {
          vi: "Mã truy cập thiếu phạm vi (scope) reports.",
          en: "The access token lacks the reports scope.",
        },
        extra: { tokenError: "insufficient_scope" },
      });
    return { kind: "client", clientId, organizationId };
  };

  // Through the LGSP: the access right the provider granted stands in for the scope, and the
  // gateway's signed statement names the consumer system and its organization.
  const throughGateway = async (statement: string): Promise<ImportCaller> => {
    const verdict = await verifyConsumer(statement);
    if ("refused" in verdict)
      throw new AppError("unauthenticated", {
        detail: {
          vi: "Lời xác nhận bên gọi của trục LGSP không hợp lệ (dịch vụ trên trục phải có địa chỉ gốc là API báo cáo này).",
          en: "The LGSP's statement of the consumer is not valid (the service on the LGSP must have this reporting API as its base URL).",
        },
        extra: { tokenError: verdict.refused },
      });
    const { clientId, organizationId, systemId, service, federationPeer } = verdict.consumer;
    return {
      kind: "client",
      clientId,
      organizationId,
      via: { systemId, service, ...(federationPeer ? { federationPeer } : {}) },
    };
  };

  app.post(
    "/dataValueSets",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: "Nhập số liệu hàng loạt (DHIS2 dataValueSets, JSON hoặc CSV) / bulk import",
        description:
          "JSON like DHIS2's dataValueSets, or CSV with DHIS2's columns (dataelement, period, orgunit, catoptcombo, attroptcombo, value, storedby, lastupdated, comment, followup; header row required). 200 with the import summary; 409 problem details carrying it as `importSummary` when nothing could be imported (status ERROR). An empty value clears the cell. Machine callers: an SSO client-credentials token with audience `<PUBLIC_URL>/api/v1/reports` and scope `reports`; or through the LGSP gateway, as a catalogue service whose base URL is this API (the gateway's signed `x-lgsp-consumer-assertion` names the system).",
        consumes: ["application/json", ...CSV_TYPES],
        querystring: ImportQuery,
        body: DataValueSetSchema,
        response: { 200: ImportSummarySchema, 409: ImportProblemSchema, ...problemResponses },
      },
    },
    async (request) => {
      const caller = await callerOf(request);
      const summary = await importDataValues({
        ctx,
        caller,
        regimeCode: request.body.dataSet ?? request.query.dataSet,
        values: dataValuesOf(request.body),
        dryRun: request.query.dryRun ?? false,
        atomic: request.query.atomicMode !== "NONE",
        requestMeta: requestMeta(request),
      });
      if (summary.status === "ERROR")
        throw new AppError("conflict", {
          detail: {
            vi: `Không nhập được số liệu: ${summary.conflicts.length} giá trị bị từ chối; chưa ghi giá trị nào.`,
            en: `Nothing was imported: ${summary.conflicts.length} values were refused.`,
          },
          extra: { importSummary: summary },
        });
      return summary;
    },
  );
}
