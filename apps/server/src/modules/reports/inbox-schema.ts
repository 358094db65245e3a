import { Type, type Static } from "typebox";
import { Nullable } from "../../core/http/schema.ts";

/** Shapes of the review inbox: the receiving side's list of submitted and decided reports. */

const Ref = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String(),
  name: Type.String(),
});

export const INBOX_STATUSES = ["submitted", "returned", "accepted"] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export const InboxQuery = Type.Object(
  {
    regimeId: Type.Optional(Type.String({ format: "uuid" })),
    period: Type.Optional(
      Type.String({ maxLength: 20, description: "Mã kỳ: 202611, 2026Q4, 2026S1, 2026N, 2026" }),
    ),
    status: Type.Optional(
      Type.Enum(INBOX_STATUSES, {
        description: "Chờ xem xét (submitted), đã trả lại, đã tiếp nhận; bỏ trống: cả ba",
      }),
    ),
    late: Type.Optional(Type.Boolean({ description: "Chỉ báo cáo nộp muộn (true) hoặc đúng hạn" })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);
export type InboxFilter = Omit<Static<typeof InboxQuery>, "cursor" | "limit">;

export const InboxItemSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  regime: Ref,
  organization: Ref,
  periodId: Type.String(),
  deadline: Type.String({ format: "date" }),
  status: Type.Enum(INBOX_STATUSES),
  version: Type.Integer({ description: "Lần gửi / submission number" }),
  submittedAt: Type.String({ format: "date-time" }),
  submittedBy: Nullable(Type.String()),
  late: Nullable(Type.Boolean()),
  reviewedAt: Nullable(Type.String({ format: "date-time" })),
  reviewedBy: Nullable(Type.String()),
});
export type InboxItem = Static<typeof InboxItemSchema>;

export const InboxSchema = Type.Object({
  items: Type.Array(InboxItemSchema),
  nextCursor: Nullable(Type.String()),
  /** Per status, with every other filter applied: the counts on the page's tabs. */
  counts: Type.Object({
    submitted: Type.Integer(),
    returned: Type.Integer(),
    accepted: Type.Integer(),
  }),
  /** The regimes the caller may review, for the regime filter. */
  regimes: Type.Array(Ref),
});
export type Inbox = Static<typeof InboxSchema>;
