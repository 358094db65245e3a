import { Type, type Static } from "typebox";
import { Nullable } from "../../core/http/schema.ts";

/** Shapes of a unit's report: opening, values, narrative, submission, review, signature check. */

const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });
const DateTime = Type.String({ format: "date-time" });
const Ref = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String(),
  name: Type.String(),
});
const CellValue = Type.Union([Type.Number(), Type.String()]);

export const ReportOpenBody = Type.Object(
  {
    regimeId: Type.String({ format: "uuid" }),
    organizationId: Type.String({ format: "uuid" }),
    periodId: Type.String({ maxLength: 20, description: "202611, 2026Q4, 2026S1, 2026N, 2026" }),
  },
  { additionalProperties: false },
);

export const ReportSaveBody = Type.Object(
  {
    values: Type.Optional(
      Type.Array(
        Type.Object(
          {
            indicator: Type.String({ maxLength: 64 }),
            combination: Type.Optional(Type.String({ maxLength: 1000 })),
            value: Type.Union([
              Type.Number(),
              Type.String({ maxLength: 10_000 }),
              Type.Boolean(),
              Type.Null(),
            ]),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20_000 },
      ),
    ),
    narrative: Type.Optional(
      Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" }), Type.String()),
    ),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object(
  {
    decision: Type.Enum(["accept", "return"]),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const CommentBody = Type.Object(
  {
    indicator: Type.String({ maxLength: 64 }),
    combination: Type.Optional(Type.String({ maxLength: 1000 })),
    body: Type.String({ maxLength: 2000, description: "1–2.000 ký tự / 1–2,000 characters" }),
  },
  { additionalProperties: false },
);

export const ValueCommentSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  indicator: Type.String(),
  combination: Type.String(),
  body: Type.String(),
  author: Type.String(),
  side: Type.Enum(["unit", "reviewer"], {
    description: "Đơn vị báo cáo hay đơn vị nhận / reporting or receiving unit",
  }),
  source: Type.Enum(["form", "import"]),
  at: DateTime,
});
export type ValueComment = Static<typeof ValueCommentSchema>;

export const ReportParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const ReportViewSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  regime: Ref,
  organization: Ref,
  periodId: Type.String(),
  start: DateOnly,
  end: DateOnly,
  deadline: DateOnly,
  templateVersion: Type.Integer(),
  status: Type.Enum(["draft", "submitted", "returned", "accepted"]),
  version: Type.Integer({ description: "Số lần đã gửi / submissions so far" }),
  narrative: Type.Record(Type.String(), Type.String()),
  values: Type.Array(
    Type.Object({ indicator: Type.String(), combination: Type.String(), value: CellValue }),
  ),
  computed: Type.Array(Type.Object({ indicator: Type.String(), value: Nullable(Type.Number()) })),
  comments: Type.Array(ValueCommentSchema, {
    description: "Ý kiến về số liệu, cũ trước / oldest first",
  }),
  commentSide: Nullable(
    Type.Enum(["unit", "reviewer"], {
      description:
        "Bạn ghi ý kiến với tư cách nào lúc này; null: không ghi được / how you may comment now",
    }),
  ),
  ruleFailures: Type.Array(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      left: Nullable(Type.Number()),
      operator: Type.String(),
      right: Nullable(Type.Number()),
    }),
  ),
  submittedAt: Nullable(DateTime),
  submittedBy: Nullable(Type.String()),
  late: Nullable(Type.Boolean()),
  reviewedAt: Nullable(DateTime),
  reviewedBy: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({
      version: Type.Integer(),
      action: Type.Enum(["submitted", "returned", "accepted"]),
      actor: Type.String(),
      at: DateTime,
      note: Nullable(Type.String()),
      payloadSha256: Nullable(Type.String()),
    }),
  ),
});
export type ReportView = Static<typeof ReportViewSchema>;

export const SignatureCheckSchema = Type.Object({
  version: Type.Integer(),
  valid: Type.Boolean(),
  signer: Nullable(
    Type.Object({
      subject: Type.String(),
      issuer: Type.String(),
      serialNumber: Type.String(),
      validTo: DateTime,
    }),
  ),
  payloadSha256: Nullable(Type.String()),
  trusted: Type.Boolean({
    description:
      "Chứng thư số ký hợp lệ theo CA của nền tảng lúc ký / the certificate chained to the platform's CA when it signed",
  }),
  signedAt: DateTime,
  matchesStored: Nullable(
    Type.Boolean({
      description:
        "Số liệu hiện lưu đúng là số liệu đã ký (null khi đang sửa sau khi bị trả lại, hoặc lần gửi cũ) / the stored values are those signed",
    }),
  ),
  problem: Nullable(Type.String()),
});

export const SignatureQuery = Type.Object({
  version: Type.Optional(
    Type.Integer({ minimum: 1, description: "Phiên bản đã gửi; mặc định lần gửi gần nhất" }),
  ),
});

export const VersionParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  version: Type.Integer({ minimum: 1 }),
});
