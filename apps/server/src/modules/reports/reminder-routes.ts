import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { listMyReminders, listRegimeReminders } from "./reminders-log.ts";
import { remindUnits } from "./reminders-manual.ts";
import {
  PeriodParams,
  RegimeReminderQuery,
  ReminderListQuery,
  ReminderListSchema,
  ReminderOutcomeSchema,
  RemindLateBody,
  RemindUnitBody,
} from "./reminders-schema.ts";
import { RegimeParams } from "./schema.ts";

const tags = ["reports"];

/** Reminders (nhắc nộp, đôn đốc): the person's own, a regime's log, and reminding by hand. */
export function reminderRoutes(app: App, ctx: ModuleContext) {
  const { db } = ctx;
  app.get(
    "/reminders/mine",
    {
      schema: {
        tags,
        summary: "Nhắc nhở nộp báo cáo của tôi / my report reminders",
        querystring: ReminderListQuery,
        response: { 200: ReminderListSchema, ...problemResponses },
      },
    },
    async (request) => ({
      items: await listMyReminders({ db, actor: request.actor, limit: request.query.limit ?? 50 }),
    }),
  );

  app.get(
    "/regimes/:id/reminders",
    {
      schema: {
        tags,
        summary: "Nhật ký đôn đốc của chế độ báo cáo / the regime's reminder log",
        params: RegimeParams,
        querystring: RegimeReminderQuery,
        response: { 200: ReminderListSchema, ...problemResponses },
      },
    },
    async (request) => ({
      items: await listRegimeReminders({
        db,
        actor: request.actor,
        regimeId: request.params.id,
        periodId: request.query.period,
        limit: request.query.limit ?? 200,
      }),
    }),
  );

  app.post(
    "/regimes/:id/periods/:periodId/remind-late",
    {
      schema: {
        tags,
        summary: "Nhắc tất cả đơn vị chậm nộp / remind every late unit",
        params: PeriodParams,
        body: RemindLateBody,
        response: { 200: ReminderOutcomeSchema, ...problemResponses },
      },
    },
    async (request) =>
      remindUnits({
        ctx,
        actor: request.actor,
        regimeId: request.params.id,
        periodId: request.params.periodId,
        message: request.body.message,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/regimes/:id/periods/:periodId/remind",
    {
      schema: {
        tags,
        summary: "Đôn đốc một đơn vị / remind one unit",
        params: PeriodParams,
        body: RemindUnitBody,
        response: { 200: ReminderOutcomeSchema, ...problemResponses },
      },
    },
    async (request) =>
      remindUnits({
        ctx,
        actor: request.actor,
        regimeId: request.params.id,
        periodId: request.params.periodId,
        organizationId: request.body.organizationId,
        message: request.body.message,
        requestMeta: requestMeta(request),
      }),
  );
}
