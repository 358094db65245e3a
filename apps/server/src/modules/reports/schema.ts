import { Type, type Static } from "typebox";
import { Nullable } from "../../core/http/schema.ts";

/** Request and response shapes of the reports API; they feed validation and OpenAPI. */

const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });
const DateTime = Type.String({ format: "date-time" });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Code = Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" });
const OptionCode = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9_]{0,63}$" });

export const REGIME_KINDS = ["periodic", "thematic", "ad_hoc"] as const;
export const FREQUENCIES = [
  "monthly",
  "quarterly",
  "six_monthly",
  "nine_monthly",
  "annual",
] as const;
export const WINDOW_RULES = ["decree09", "calendar"] as const;
export const CONFIDENTIALITY = ["none", "mat", "toi_mat", "tuyet_mat"] as const;

export const DeadlineRuleSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal("day_of_month"),
      day: Type.Integer({ minimum: 1, maximum: 31 }),
      monthsAfterEnd: Type.Integer({ minimum: 0, maximum: 12 }),
    },
    { additionalProperties: false, description: "Ngày N của tháng (tính từ tháng chốt số liệu)" },
  ),
  Type.Object(
    {
      kind: Type.Literal("working_days_after_end"),
      days: Type.Integer({ minimum: 1, maximum: 60 }),
    },
    { additionalProperties: false, description: "N ngày làm việc sau ngày chốt số liệu" },
  ),
]);

export const ReportingRuleSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal("organizations"),
      organizationIds: Type.Array(Type.String({ format: "uuid" }), {
        minItems: 1,
        maxItems: 5000,
      }),
    },
    { additionalProperties: false, description: "Danh sách cơ quan báo cáo" },
  ),
  Type.Object(
    {
      kind: Type.Literal("organization_kind"),
      organizationKind: Type.Enum([
        "ministry",
        "ministry_unit",
        "provincial_committee",
        "provincial_department",
        "commune_committee",
        "other",
      ]),
      shortName: Type.Optional(Text(50)),
    },
    {
      additionalProperties: false,
      description:
        "Mọi cơ quan cùng loại (và cùng tên viết tắt, ví dụ mọi Sở Nội vụ: provincial_department + SNV)",
    },
  ),
]);

/** Working days of notice before a deadline, when a regime does not say. */
export const DEFAULT_REMINDER_DAYS = 3;

export const RegimeInputSchema = Type.Object(
  {
    code: Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" }),
    name: Text(500),
    legalBasis: Text(1000),
    kind: Type.Enum(REGIME_KINDS),
    frequency: Type.Enum(FREQUENCIES),
    windowRule: Type.Enum(WINDOW_RULES),
    deadlineRule: DeadlineRuleSchema,
    reportingRule: ReportingRuleSchema,
    receivingOrganizationId: Type.String({ format: "uuid" }),
    effectiveFrom: DateOnly,
    effectiveTo: Type.Optional(Nullable(DateOnly)),
    reminderDays: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10,
        description:
          "Nhắc trước hạn bao nhiêu ngày làm việc (mặc định 3; 0: chỉ đôn đốc khi đã chậm) / working days of notice before the deadline",
      }),
    ),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    confidentiality: Type.Optional(Type.Enum(CONFIDENTIALITY)),
  },
  { additionalProperties: false },
);
export type RegimeInput = Static<typeof RegimeInputSchema>;

export const RegimeSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String(),
  name: Type.String(),
  legalBasis: Type.String(),
  kind: Type.Enum(REGIME_KINDS),
  frequency: Type.Enum(FREQUENCIES),
  windowRule: Type.Enum(WINDOW_RULES),
  deadlineRule: DeadlineRuleSchema,
  reportingRule: ReportingRuleSchema,
  receivingOrganization: Type.Object({
    id: Type.String({ format: "uuid" }),
    code: Type.String(),
    name: Type.String(),
  }),
  effectiveFrom: DateOnly,
  effectiveTo: Nullable(DateOnly),
  reminderDays: Type.Integer(),
  status: Type.Enum(["draft", "active", "retired"]),
  description: Nullable(Type.String()),
  /** The latest published template version, if any. */
  templateVersion: Nullable(Type.Integer()),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Regime = Static<typeof RegimeSchema>;

export const TemplateDefinitionSchema = Type.Object(
  {
    sections: Type.Array(
      Type.Object(
        {
          code: Code,
          title: Text(500),
          guidance: Type.Optional(Type.String({ maxLength: 5000 })),
          required: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    categories: Type.Array(
      Type.Object(
        {
          code: Code,
          name: Text(200),
          options: Type.Array(
            Type.Object({ code: OptionCode, name: Text(200) }, { additionalProperties: false }),
            { maxItems: 200 },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    forms: Type.Array(
      Type.Object(
        {
          code: Code,
          title: Text(500),
          indicators: Type.Array(
            Type.Object(
              {
                code: Code,
                name: Text(500),
                type: Type.Enum(["integer", "number", "percent", "text", "boolean"]),
                unit: Type.Optional(Type.String({ maxLength: 50 })),
                min: Type.Optional(Type.Number()),
                max: Type.Optional(Type.Number()),
                categories: Type.Optional(Type.Array(Code, { maxItems: 5 })),
                formula: Type.Optional(Type.String({ maxLength: 2000 })),
                aggregation: Type.Optional(Type.Enum(["sum", "average", "last", "none"])),
                required: Type.Optional(Type.Boolean()),
              },
              { additionalProperties: false },
            ),
            { maxItems: 1000 },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    rules: Type.Array(
      Type.Object(
        {
          code: Code,
          left: Text(2000),
          operator: Type.Enum(["==", "!=", "<", "<=", ">", ">="]),
          right: Text(2000),
          message: Text(1000),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const TemplateSchema = Type.Object({
  regimeId: Type.String({ format: "uuid" }),
  version: Type.Integer(),
  status: Type.Enum(["draft", "published"]),
  definition: TemplateDefinitionSchema,
  publishedAt: Nullable(DateTime),
  createdBy: Type.String(),
  createdAt: DateTime,
});
export type Template = Static<typeof TemplateSchema>;

export const RegimeParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export const TemplateParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  version: Type.Integer({ minimum: 1 }),
});

export const RegimeListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(["draft", "active", "retired"])),
    q: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ScheduleQuery = Type.Object(
  {
    from: Type.Optional(DateOnly),
    to: Type.Optional(DateOnly),
    organizationId: Type.Optional(Type.String({ format: "uuid" })),
  },
  { additionalProperties: false },
);

export const ExpectedReportSchema = Type.Object({
  periodId: Type.String(),
  start: DateOnly,
  end: DateOnly,
  deadline: DateOnly,
  organization: Type.Object({
    id: Type.String({ format: "uuid" }),
    code: Type.String(),
    name: Type.String(),
  }),
  status: Type.Enum(["upcoming", "open", "late", "draft", "submitted", "returned", "accepted"], {
    description:
      "upcoming: kỳ chưa hết; open: đã chốt số liệu, chưa quá hạn; late: quá hạn chưa nộp; draft: đang nhập (chưa nộp); submitted, returned, accepted: đã nộp / trả lại / đã tiếp nhận",
  }),
  /** The unit's report, once opened. */
  reportId: Nullable(Type.String({ format: "uuid" })),
  submittedAt: Nullable(DateTime),
  /** Whether the (latest) submission came after the deadline; null before any. */
  submittedLate: Nullable(Type.Boolean()),
});
export type ExpectedReport = Static<typeof ExpectedReportSchema>;

const CompletenessSchema = Type.Object({
  expected: Type.Integer(),
  submitted: Type.Integer(),
  onTime: Type.Integer(),
  accepted: Type.Integer(),
});
const AggregateRowSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  cells: Type.Array(
    Type.Object({
      indicator: Type.String(),
      option: Nullable(Type.String()),
      value: Nullable(Type.Number()),
    }),
  ),
  completeness: CompletenessSchema,
});

export const AggregateQuery = Type.Object(
  {
    period: Type.String({
      maxLength: 20,
      description: "Kỳ của chế độ hoặc kỳ dài hơn: 2026Q3, 2026",
    }),
    organizationId: Type.Optional(
      Type.String({
        format: "uuid",
        description: "Cộng dồn các đơn vị thuộc cơ quan này; bỏ trống: mọi đơn vị báo cáo",
      }),
    ),
    groupBy: Type.Optional(Type.Enum(["none", "organization", "unit", "period", "area"])),
    area: Type.Optional(
      Type.String({
        pattern: "^[0-9]{2}$",
        description:
          "Chỉ các đơn vị đặt tại tỉnh, thành phố này (mã đơn vị hành chính); với groupBy=area: theo xã, phường",
      }),
    ),
    category: Type.Optional(Type.String({ maxLength: 64 })),
    indicators: Type.Optional(
      Type.String({ maxLength: 2000, description: "Mã chỉ tiêu, cách nhau bởi dấu phẩy" }),
    ),
    include: Type.Optional(Type.Enum(["submitted", "accepted", "all"])),
  },
  { additionalProperties: false },
);

export const AggregateSchema = Type.Object({
  regime: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  period: Type.Object({
    id: Type.String(),
    start: DateOnly,
    end: DateOnly,
    periods: Type.Array(Type.String()),
  }),
  organization: Nullable(
    Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  ),
  area: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  groupBy: Type.Enum(["none", "organization", "unit", "period", "area"]),
  category: Nullable(Type.String()),
  include: Type.Enum(["submitted", "accepted", "all"]),
  rows: Type.Array(AggregateRowSchema),
  total: AggregateRowSchema,
});
