import { Type, type Static } from "typebox";
import { Nullable } from "../../core/http/schema.ts";

/** Request and response shapes of the reminder endpoints (nhắc nộp, đôn đốc báo cáo). */

const Ref = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

export const ReportReminderSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  kind: Type.Enum(["due_soon", "late", "manual", "requested"], {
    description:
      "due_soon: sắp đến hạn; late: quá hạn; manual: cơ quan nhận đôn đốc; requested: có yêu cầu báo cáo mới",
  }),
  day: Type.String({ format: "date" }),
  createdAt: Type.String({ format: "date-time" }),
  regime: Ref,
  periodId: Type.String(),
  deadline: Type.String({ format: "date" }),
  organization: Ref,
  recipient: Type.Object({ id: Type.String(), name: Nullable(Type.String()) }),
  sentBy: Nullable(Type.String()),
  message: Nullable(Type.String()),
  mailQueued: Type.Boolean(),
  reportId: Nullable(Type.String({ format: "uuid" })),
  /** The page of the web app to open: the report, or the unit's reports before it is opened. */
  link: Type.String(),
});
export type ReportReminder = Static<typeof ReportReminderSchema>;

export const ReminderListSchema = Type.Object({ items: Type.Array(ReportReminderSchema) });

export const ReminderListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);

export const RegimeReminderQuery = Type.Object(
  {
    period: Type.Optional(Type.String({ maxLength: 20 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);

export const PeriodParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  periodId: Type.String({ maxLength: 20 }),
});

export const RemindLateBody = Type.Object(
  { message: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const RemindUnitBody = Type.Object(
  {
    organizationId: Type.String({ format: "uuid" }),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ReminderOutcomeSchema = Type.Object({
  units: Type.Integer(),
  people: Type.Integer(),
  mails: Type.Integer(),
  unitsWithoutOfficers: Type.Array(Ref),
});
