import { Type } from "typebox";
import { Nullable } from "../../core/http/schema.ts";
import { URGENCIES } from "./documents.ts";
import { DEADLINE_FILTERS, DUE_SOON_DAYS } from "./deadlines.ts";
import { DocumentSummarySchema } from "./incoming-schema.ts";

/** Request and response shapes of deadlines and reminders; they feed validation and OpenAPI. */

const Uuid = Type.String({ format: "uuid" });
const DateTime = Type.String({ format: "date-time" });
const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });
const Named = Type.Object({ id: Uuid, name: Type.String() });

const listQuery = {
  filter: Type.Enum(DEADLINE_FILTERS, {
    default: "all_open",
    description:
      "due_soon: hạn xử lý within `days` days (today included); overdue: quá hạn; all_open: every open document",
  }),
  days: Type.Integer({
    minimum: 0,
    maximum: 60,
    default: DUE_SOON_DAYS,
    description: "Look-ahead of due_soon, in calendar days",
  }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

export const TaskListQuery = Type.Object(listQuery, { additionalProperties: false });

export const DeadlineListQuery = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    unitId: Type.Optional({
      ...Uuid,
      description: "Only documents assigned to this unit (đơn vị)",
    }),
    ...listQuery,
  },
  { additionalProperties: false },
);

export const DeadlineItemSchema = Type.Object({
  ...DocumentSummarySchema.properties,
  deadline: Type.Object({
    state: Type.Enum(["overdue", "due_soon", "later", "none"]),
    daysLeft: Nullable(
      Type.Integer({ description: "Calendar days to the due date; negative when overdue" }),
    ),
  }),
  handling: Nullable(
    Type.Object({
      mainUser: Nullable(Named),
      mainUnit: Nullable(Named),
      coHandlers: Type.Array(Named),
    }),
  ),
});

export const DeadlinePageSchema = Type.Object({
  items: Type.Array(DeadlineItemSchema),
  nextCursor: Nullable(Type.String()),
});

export const ReminderListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const ReminderSchema = Type.Object({
  id: Uuid,
  kind: Type.Enum(["due_soon", "overdue", "escalated"], {
    description: "due_soon: nhắc việc; overdue: đôn đốc; escalated: reported to the leader",
  }),
  day: DateOnly,
  createdAt: DateTime,
  readAt: Nullable(DateTime),
  document: Type.Object({
    id: Uuid,
    subject: Nullable(Type.String({ description: "Trích yếu; null for a secret document" })),
    symbol: Nullable(Type.String()),
    secret: Type.Boolean(),
    urgency: Type.Enum(URGENCIES),
    dueDate: Nullable(DateOnly),
    status: Type.String(),
  }),
});

export const ReminderPageSchema = Type.Object({
  items: Type.Array(ReminderSchema),
  nextCursor: Nullable(Type.String()),
});

export const ReminderParams = Type.Object({ id: Uuid });

export const ReminderReadSchema = Type.Object({ id: Uuid, readAt: DateTime });
