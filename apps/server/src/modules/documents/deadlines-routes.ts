import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import { listDeadlines, listMyTasks } from "./deadlines.ts";
import {
  DeadlineListQuery,
  DeadlinePageSchema,
  ReminderListQuery,
  ReminderPageSchema,
  ReminderParams,
  ReminderReadSchema,
  TaskListQuery,
} from "./deadlines-schema.ts";
import { listReminders, markReminderAsRead } from "./reminders-inbox.ts";

const tags = ["documents"];

/** Deadlines (hạn xử lý) and reminders (nhắc việc, đôn đốc), mounted under `/api/v1/documents`. */
export function deadlineRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/tasks",
    {
      schema: {
        tags,
        summary: "Việc của tôi: văn bản được giao xử lý / my tasks: documents I handle",
        description:
          "Documents assigned to the signed-in person, to their unit, or co-handled by them; Hỏa tốc hẹn giờ first … Thường last, then earliest due date.",
        querystring: TaskListQuery,
        response: { 200: DeadlinePageSchema, ...problemResponses },
      },
    },
    async (request) => listMyTasks({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/deadlines",
    {
      schema: {
        tags,
        summary: "Hạn xử lý văn bản của cơ quan, đơn vị / an organization's or unit's deadlines",
        description:
          "Open incoming documents of an organization (optionally those assigned to one unit), for its leaders, clerks and administrators; ordered like /tasks.",
        querystring: DeadlineListQuery,
        response: { 200: DeadlinePageSchema, ...problemResponses },
      },
    },
    async (request) => listDeadlines({ db, actor: request.actor, ...request.query }),
  );

  app.get(
    "/reminders",
    {
      schema: {
        tags,
        summary: "Nhắc việc của tôi / my reminders",
        description: "Unread first, newest first.",
        querystring: ReminderListQuery,
        response: { 200: ReminderPageSchema, ...problemResponses },
      },
    },
    async (request) => listReminders({ db, actor: request.actor, ...request.query }),
  );

  app.post(
    "/reminders/:id/read",
    {
      schema: {
        tags,
        summary: "Đánh dấu đã đọc nhắc việc / mark a reminder read",
        params: ReminderParams,
        response: { 200: ReminderReadSchema, ...problemResponses },
      },
    },
    async (request) => markReminderAsRead({ db, actor: request.actor, id: request.params.id }),
  );
}
