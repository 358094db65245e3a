import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import { listInbox } from "./inbox.ts";
import { InboxQuery, InboxSchema } from "./inbox-schema.ts";

const tags = ["reports"];

/** The receiving side's review inbox, under `/api/v1/reports`. */
export function inboxRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/inbox",
    {
      schema: {
        tags,
        summary:
          "Hộp tiếp nhận: báo cáo chờ xem xét và mới xử lý / review inbox: reports awaiting review and recently decided",
        querystring: InboxQuery,
        response: { 200: InboxSchema, ...problemResponses },
      },
    },
    async (request) => listInbox({ db, actor: request.actor, ...request.query }),
  );
}
