import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import type { ModuleContext } from "../../../core/module.ts";
import {
  EvidenceVerificationSchema,
  ExchangeIdParams,
  ExchangeListQuery,
  ExchangePage,
  ExchangeSchema,
  ProofBundleSchema,
} from "./schema.ts";
import { getExchange, getExchangeProof, listExchanges, verifyExchangeLog } from "./service.ts";

const tags = ["exchange"];

/** Evidence-log routes under `/api/v1/exchange` (search, proof bundles, verification). */
export async function evidenceRoutes(app: App, ctx: ModuleContext): Promise<void> {
  const { db } = ctx;

  app.get(
    "/exchanges",
    {
      schema: {
        tags,
        summary: "Tra cứu giao dịch qua trục / search exchanges through the LGSP",
        querystring: ExchangeListQuery,
        response: { 200: ExchangePage, ...problemResponses },
      },
    },
    async (request) => listExchanges({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/exchanges/:id",
    {
      schema: {
        tags,
        summary: "Một giao dịch / one exchange",
        params: ExchangeIdParams,
        response: { 200: ExchangeSchema, ...problemResponses },
      },
    },
    async (request) => getExchange({ db, actor: request.actor, id: request.params.id }),
  );

  app.get(
    "/exchanges/:id/proof",
    {
      schema: {
        tags,
        summary: "Gói bằng chứng của một giao dịch / proof bundle of one exchange",
        params: ExchangeIdParams,
        response: { 200: ProofBundleSchema, ...problemResponses },
      },
    },
    async (request) => getExchangeProof({ db, actor: request.actor, id: request.params.id }),
  );

  app.get(
    "/evidence/verify",
    {
      schema: {
        tags,
        summary: "Kiểm tra chuỗi băm nhật ký bằng chứng / verify the evidence hash chain",
        response: { 200: EvidenceVerificationSchema, ...problemResponses },
      },
    },
    async (request) => verifyExchangeLog({ ctx, actor: request.actor }),
  );
}
