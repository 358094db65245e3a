import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import { AuditEventListQuery, AuditEventPage, AuditVerificationSchema } from "./schema.ts";
import { listAuditEvents, verifyAuditTrail } from "./service.ts";

const tags = ["audit"];

/** Reading and verifying the audit trail; authorization lives in the service. */
export function auditRoutes(app: App, { db, auditHead }: ModuleContext) {
  app.get(
    "/events",
    {
      schema: {
        tags,
        summary: "Tra cứu nhật ký an ninh / search the audit trail",
        querystring: AuditEventListQuery,
        response: { 200: AuditEventPage, ...problemResponses },
      },
    },
    async (request) => listAuditEvents({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/verify",
    {
      schema: {
        tags,
        summary: "Kiểm tra chuỗi băm nhật ký / verify the audit hash chain",
        response: { 200: AuditVerificationSchema, ...problemResponses },
      },
    },
    async (request) => verifyAuditTrail({ db, actor: request.actor, auditHead }),
  );
}
