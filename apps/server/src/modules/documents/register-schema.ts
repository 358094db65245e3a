import { Type, type Static, type TSchema } from "typebox";
import { Nullable } from "../../core/http/schema.ts";
import { DOCUMENT_TYPES } from "./document-types.ts";

/** Request and response shapes of the registers API; they feed validation and OpenAPI. */

const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });
const DateTime = Type.String({ format: "date-time" });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Uuid = Type.String({ format: "uuid" });

export const DIRECTIONS = ["outgoing", "incoming"] as const;
export const REGISTER_KINDS = ["ordinary", "secret"] as const;
export const REGISTER_STATUSES = ["open", "closed"] as const;
/** Độ mật (Mật, Tối mật, Tuyệt mật); `none` for ordinary documents. */
export const CONFIDENTIALITY = ["none", "mat", "toi_mat", "tuyet_mat"] as const;
/** Độ khẩn (Khẩn, Thượng khẩn, Hỏa tốc); `normal` when not urgent. */
export const URGENCY = ["normal", "khan", "thuong_khan", "hoa_toc"] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type RegisterKind = (typeof REGISTER_KINDS)[number];
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

export const RegisterSchema = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  direction: Type.Enum(DIRECTIONS, { description: "outgoing: sổ văn bản đi; incoming: đến" }),
  year: Type.Integer(),
  kind: Type.Enum(REGISTER_KINDS, { description: "secret: sổ văn bản mật, its own sequence" }),
  name: Type.String(),
  status: Type.Enum(REGISTER_STATUSES),
  lastNumber: Type.Integer({ description: "The last number given; the next entry gets one more" }),
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
});
export type Register = Static<typeof RegisterSchema>;

export const RegisterCreateBody = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    direction: Type.Enum(DIRECTIONS),
    year: Type.Integer({ minimum: 2000, maximum: 2999 }),
    kind: Type.Enum(REGISTER_KINDS),
    name: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);
export type RegisterCreateInput = Static<typeof RegisterCreateBody>;

export const RegisterListQuery = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2999 })),
    direction: Type.Optional(Type.Enum(DIRECTIONS)),
  },
  { additionalProperties: false },
);

const typeCode = Type.Enum(Object.keys(DOCUMENT_TYPES) as (keyof typeof DOCUMENT_TYPES)[], {
  description: "Document type (Decree 30/2020, appendix III), e.g. QĐ, CV",
});

export const RegisterEntrySchema = Type.Object({
  id: Uuid,
  registerId: Uuid,
  number: Type.Integer({ description: "Số (outgoing) or số đến (incoming)" }),
  symbol: Type.String({ description: "Số, ký hiệu: 15/QĐ-BNV; for incoming, the sender's" }),
  documentDate: DateOnly,
  receivedOn: Nullable(DateOnly),
  typeCode: Type.String(),
  subject: Type.String({ description: "Trích yếu nội dung" }),
  signer: Nullable(Type.String()),
  counterpart: Nullable(
    Type.String({ description: "Outgoing: nơi nhận; incoming: tác giả (the sender)" }),
  ),
  internalRecipient: Nullable(
    Type.String({
      description: "Outgoing: đơn vị, người nhận bản lưu; incoming: đơn vị hoặc người nhận",
    }),
  ),
  urgency: Type.Enum(URGENCY),
  confidentiality: Type.Enum(CONFIDENTIALITY),
  copies: Nullable(Type.Integer()),
  pages: Nullable(Type.Integer()),
  notes: Nullable(Type.String()),
  revision: Type.Integer({ description: "1, plus one for each correction" }),
  createdAt: DateTime,
  correctedAt: Nullable(DateTime),
});
export type RegisterEntry = Static<typeof RegisterEntrySchema>;

/** The fields a correction may change; number, symbol, date and type never change. */
const correctable = {
  subject: Type.Optional(Text(2000)),
  signer: Type.Optional(Nullable(Text(300))),
  counterpart: Type.Optional(Nullable(Text(2000))),
  internalRecipient: Type.Optional(Nullable(Text(500))),
  // Not nullable: with the API's type coercion, a refused 0 would otherwise become null.
  copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  notes: Type.Optional(Nullable(Text(2000))),
};
export const CORRECTABLE_FIELDS = Object.keys(correctable) as (keyof typeof correctable)[];

export const EntryCreateBody = Type.Object(
  {
    typeCode,
    symbol: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: "Incoming only: the sender's number and symbol, e.g. 45/QĐ-BTP",
      }),
    ),
    unit: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 30,
        pattern: "^[\\p{L}\\p{N}]+$",
        description: "Outgoing: the drafting unit's abbreviation, e.g. VP in 123/BNV-VP",
      }),
    ),
    documentDate: DateOnly,
    receivedOn: Type.Optional(DateOnly),
    urgency: Type.Optional(Type.Enum(URGENCY)),
    confidentiality: Type.Optional(Type.Enum(CONFIDENTIALITY)),
    ...correctable,
    subject: Text(2000),
  },
  { additionalProperties: false },
);
/** The service checks the type too, so callers other than the API may pass any string. */
export type EntryInput = Omit<Static<typeof EntryCreateBody>, "typeCode"> & { typeCode: string };

export const EntryCorrectionBody = Type.Object(
  { ...correctable, reason: Text(1000) },
  { additionalProperties: false, minProperties: 2 },
);
export type EntryCorrectionInput = Static<typeof EntryCorrectionBody>;

const correctedValues = Type.Record(Type.String(), Type.Unknown(), {
  description: "Only the fields the correction changed",
});
export const EntryCorrectionSchema = Type.Object({
  revision: Type.Integer({ description: "The revision this correction made" }),
  previous: correctedValues,
  current: correctedValues,
  reason: Type.String(),
  correctedBy: Type.String({ description: "Username, or system:<name>" }),
  correctedAt: DateTime,
});
export type EntryCorrection = {
  revision: number;
  previous: Partial<Record<(typeof CORRECTABLE_FIELDS)[number], unknown>>;
  current: Partial<Record<(typeof CORRECTABLE_FIELDS)[number], unknown>>;
  reason: string;
  correctedBy: string;
  correctedAt: string;
};

export const EntryFilterQuery = {
  q: Type.Optional(
    Type.String({ maxLength: 200, description: "Words in the symbol, subject or counterpart" }),
  ),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  typeCode: Type.Optional(typeCode),
};
export const EntryListQuery = Type.Object(
  {
    ...EntryFilterQuery,
    order: Type.Enum(["asc", "desc"], { default: "asc", description: "By number" }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);
export const ExportQuery = Type.Object(EntryFilterQuery, { additionalProperties: false });
export type EntryFilterInput = Static<typeof ExportQuery>;

export const RegisterParams = Type.Object({ id: Uuid });
export const EntryParams = Type.Object({ id: Uuid, entryId: Uuid });

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
