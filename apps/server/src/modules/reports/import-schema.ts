import { Type, type Static } from "typebox";
import { Nullable } from "../../core/http/schema.ts";
import { ProblemSchema } from "../../core/http/problem.ts";

/**
 * Shapes of the bulk import, after DHIS2's `dataValueSets` (JSON) so provincial systems that
 * already speak it push values unchanged. Members DHIS2 sends that have no meaning here
 * (`storedBy`, `created`, `lastUpdated`, `followup`, …) are accepted and ignored.
 */

const Code = (description: string) => Type.String({ maxLength: 100, description });

/** DHIS2 sends values as strings; numbers and booleans are accepted too. Empty clears the cell. */
const CellValue = Type.Union([
  Type.String({ maxLength: 10_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);

export const DataValueSchema = Type.Object(
  {
    dataElement: Type.String({ maxLength: 64, description: "Mã chỉ tiêu / indicator code" }),
    period: Type.Optional(Code("Kỳ báo cáo / period id: 202611, 2026Q4, 2026S1, 2026N, 2026")),
    orgUnit: Type.Optional(
      Code("Mã định danh điện tử của cơ quan, hoặc id / agency code or organization id"),
    ),
    categoryOptionCombo: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 1000,
          description:
            'Tổ hợp phân tổ "nu.duoi_30"; trống, "default" hoặc "HllvX50cXC0" khi không phân tổ / combination key',
        }),
      ),
    ),
    attributeOptionCombo: Type.Optional(
      Nullable(Type.String({ maxLength: 1000, description: 'Chỉ nhận "default" / only default' })),
    ),
    value: Type.Optional(CellValue),
    comment: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 2000,
          description:
            "Ý kiến về giá trị, lưu thành một ý kiến mới khi khác ý kiến gần nhất / comment on the value, stored when it differs from the latest",
        }),
      ),
    ),
  },
  { additionalProperties: true },
);
export type DataValueInput = Static<typeof DataValueSchema>;

export const DataValueSetSchema = Type.Object(
  {
    dataSet: Type.Optional(Code("Mã (hoặc id) chế độ báo cáo / regime code or id")),
    period: Type.Optional(Code("Kỳ của các giá trị không ghi kỳ / period of rows without one")),
    orgUnit: Type.Optional(
      Code("Đơn vị của các giá trị không ghi đơn vị / unit of rows without one"),
    ),
    completeDate: Type.Optional(
      Type.String({ description: "Bỏ qua: nộp báo cáo là một bước ký số riêng / ignored" }),
    ),
    dataValues: Type.Array(DataValueSchema, { maxItems: 200_000 }),
  },
  { additionalProperties: true },
);
export type DataValueSet = Static<typeof DataValueSetSchema>;

export const ImportQuery = Type.Object({
  dataSet: Type.Optional(Code("Mã (hoặc id) chế độ báo cáo / regime code or id")),
  dryRun: Type.Optional(
    Type.Boolean({ default: false, description: "Chỉ kiểm tra, không ghi / check only" }),
  ),
  atomicMode: Type.Optional(
    Type.Enum(["ALL", "NONE"], {
      default: "ALL",
      description:
        "ALL: một giá trị bị từ chối thì không ghi gì; NONE: ghi các giá trị hợp lệ / all-or-nothing or partial",
    }),
  ),
});

export const ImportConflictSchema = Type.Object({
  index: Type.Integer({
    description: "Vị trí giá trị (từ 0; với CSV: bản ghi sau dòng tiêu đề) / row index",
  }),
  object: Type.String({ description: "Điều bị từ chối / what was refused" }),
  property: Type.Optional(Type.String()),
  value: Type.String({ description: "Giá trị gửi lên / the value sent" }),
  reason: Type.String(),
});
export type ImportConflict = Static<typeof ImportConflictSchema>;

export const ImportSummarySchema = Type.Object({
  status: Type.Enum(["SUCCESS", "WARNING", "ERROR"]),
  dryRun: Type.Boolean(),
  importCount: Type.Object({
    imported: Type.Integer({ description: "Ô mới / new cells" }),
    updated: Type.Integer({ description: "Ô đổi giá trị / changed cells" }),
    ignored: Type.Integer({ description: "Giá trị không đổi hoặc bị từ chối / same or refused" }),
    deleted: Type.Integer({ description: "Ô được xóa bằng giá trị trống / cleared cells" }),
  }),
  conflicts: Type.Array(ImportConflictSchema),
});
export type ImportSummary = Static<typeof ImportSummarySchema>;

/** A refused import (status ERROR): problem details carrying the summary, as DHIS2 answers 409. */
export const ImportProblemSchema = Type.Object(
  { ...ProblemSchema.properties, importSummary: Type.Optional(ImportSummarySchema) },
  { additionalProperties: true },
);
