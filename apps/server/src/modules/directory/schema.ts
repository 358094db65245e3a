import { Type, type Static, type TSchema } from "typebox";
import { Nullable } from "../../core/http/schema.ts";

/** Request and response shapes of the directory API; they feed validation and OpenAPI. */

const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });
const DateTime = Type.String({ format: "date-time" });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const ORGANIZATION_KINDS = [
  "ministry",
  "ministry_unit",
  "provincial_committee",
  "provincial_department",
  "commune_committee",
  "other",
] as const;
export const HOSTINGS = [
  "on_premises",
  "government_datacenter",
  "government_cloud",
  "commercial_cloud",
  "other",
] as const;
export const SYSTEM_STATUSES = ["planned", "operating", "retired"] as const;

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};
export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const AdminUnitSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  nameEn: Type.String(),
  level: Type.Enum(["province", "commune"]),
  unitType: Type.String({ description: "Thành phố, Tỉnh, Phường, Xã, Đặc khu" }),
  provinceCode: Nullable(Type.String()),
  validFrom: DateOnly,
  validTo: Nullable(DateOnly),
});
export type AdminUnit = Static<typeof AdminUnitSchema>;

export const AdminUnitListQuery = Type.Object(
  {
    level: Type.Optional(Type.Enum(["province", "commune"])),
    provinceCode: Type.Optional(Type.String({ pattern: "^\\d{2}$" })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    at: Type.Optional(DateOnly),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const AdminUnitParams = Type.Object({ code: Type.String({ pattern: "^\\d{2,5}$" }) });
export const AtQuery = Type.Object(
  { at: Type.Optional(DateOnly) },
  { additionalProperties: false },
);

export const OrganizationContactsSchema = Type.Object(
  {
    address: Type.Optional(Text(500)),
    email: Type.Optional(Type.String({ format: "email", maxLength: 254 })),
    phone: Type.Optional(Text(50)),
    website: Type.Optional(Type.String({ format: "uri", maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type OrganizationContacts = Static<typeof OrganizationContactsSchema>;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const OrganizationSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String({
    description: "Mã định danh điện tử (QĐ 20/2020/QĐ-TTg), e.g. 000.00.00.G09",
  }),
  name: Type.String(),
  shortName: Type.String(),
  kind: Type.Enum(ORGANIZATION_KINDS),
  parentId: Nullable(Type.String({ format: "uuid" })),
  adminUnitCode: Nullable(Type.String()),
  contacts: OrganizationContactsSchema,
  status: Type.Enum(["active", "retired"]),
  validFrom: DateOnly,
  validTo: Nullable(DateOnly),
  version: Type.Integer(),
});
export type Organization = Static<typeof OrganizationSchema>;

const organizationFields = {
  code: Type.String({ minLength: 1, maxLength: 20, description: "AAA.BB.CC.Lnn" }),
  name: Text(300),
  shortName: Text(100),
  kind: Type.Enum(ORGANIZATION_KINDS),
  adminUnitCode: Type.Optional(Nullable(Type.String({ pattern: "^\\d{2,5}$" }))),
  contacts: Type.Optional(OrganizationContactsSchema),
};
export const OrganizationCreateBody = Type.Object(
  { ...organizationFields, parentId: Type.Optional(Nullable(Type.String({ format: "uuid" }))) },
  { additionalProperties: false },
);
export type OrganizationInput = Static<typeof OrganizationCreateBody>;

export const OrganizationPatchBody = Type.Object(
  {
    code: Type.Optional(organizationFields.code),
    name: Type.Optional(organizationFields.name),
    shortName: Type.Optional(organizationFields.shortName),
    kind: Type.Optional(organizationFields.kind),
    parentId: Type.Optional(Nullable(Type.String({ format: "uuid" }))),
    adminUnitCode: organizationFields.adminUnitCode,
    contacts: organizationFields.contacts,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OrganizationChanges = Static<typeof OrganizationPatchBody>;

export const RetireBody = Type.Object({ reason: Text(1000) }, { additionalProperties: false });

export const ImportItem = Type.Object(
  { ...organizationFields, parentCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))) },
  { additionalProperties: false },
);
export type OrganizationImportItem = Static<typeof ImportItem>;
export const ImportBody = Type.Object(
  { items: Type.Array(ImportItem, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false },
);

export const OrganizationListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    kind: Type.Optional(Type.Enum(ORGANIZATION_KINDS)),
    parentId: Type.Optional(Type.String({ format: "uuid" })),
    status: Type.Optional(Type.Enum(["active", "retired"])),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const TreeNodeSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  kind: Type.Enum(ORGANIZATION_KINDS),
  parentId: Nullable(Type.String()),
  /** Where it sits: the code of its administrative unit (province or commune), if known. */
  adminUnitCode: Nullable(Type.String()),
});
export type OrganizationTreeNode = Static<typeof TreeNodeSchema>;

export const OrganizationVersionSchema = Type.Object({
  version: Type.Integer(),
  validFrom: DateTime,
  validTo: Nullable(DateTime),
  changedBy: Type.String({ description: "Username, or system:<name>" }),
  change: Type.Enum(["created", "updated", "retired"]),
  reason: Nullable(Type.String()),
  snapshot: OrganizationSchema,
});
export type OrganizationVersion = Static<typeof OrganizationVersionSchema>;

export const SecurityDecisionSchema = Type.Object(
  {
    number: Text(100),
    date: DateOnly,
    issuer: Text(300),
  },
  {
    additionalProperties: false,
    description: "Quyết định phê duyệt cấp độ (Nghị định 85/2016/NĐ-CP)",
  },
);
export const SystemContactsSchema = Type.Object(
  {
    name: Type.Optional(Text(200)),
    email: Type.Optional(Type.String({ format: "email", maxLength: 254 })),
    phone: Type.Optional(Text(50)),
  },
  { additionalProperties: false },
);

export const InformationSystemSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  organization: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  code: Type.String(),
  name: Type.String(),
  purpose: Type.String(),
  owner: Type.String(),
  securityLevel: Type.Integer({ minimum: 1, maximum: 5 }),
  securityDecision: Nullable(SecurityDecisionSchema),
  hosting: Type.Enum(HOSTINGS),
  status: Type.Enum(SYSTEM_STATUSES),
  contacts: SystemContactsSchema,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type InformationSystem = Static<typeof InformationSystemSchema>;

const systemFields = {
  code: Type.String({ minLength: 1, maxLength: 50, pattern: "^[A-Za-z0-9._-]+$" }),
  name: Text(300),
  purpose: Text(2000),
  owner: Text(300),
  securityLevel: Type.Integer({ minimum: 1, maximum: 5 }),
  securityDecision: Type.Optional(
    Type.Union([SecurityDecisionSchema, Type.Null()], {
      description:
        "Quyết định phê duyệt cấp độ; bắt buộc với cấp độ 3–5 / the decision approving the level; required for levels 3–5 (422 otherwise)",
    }),
  ),
  hosting: Type.Enum(HOSTINGS),
  status: Type.Enum(SYSTEM_STATUSES),
  contacts: Type.Optional(SystemContactsSchema),
};
export const SystemCreateBody = Type.Object(
  { organizationId: Type.String({ format: "uuid" }), ...systemFields },
  { additionalProperties: false },
);
export type InformationSystemInput = Static<typeof SystemCreateBody>;
export const SystemPatchBody = Type.Object(
  {
    code: Type.Optional(systemFields.code),
    name: Type.Optional(systemFields.name),
    purpose: Type.Optional(systemFields.purpose),
    owner: Type.Optional(systemFields.owner),
    securityLevel: Type.Optional(systemFields.securityLevel),
    securityDecision: systemFields.securityDecision,
    hosting: Type.Optional(systemFields.hosting),
    status: Type.Optional(systemFields.status),
    contacts: systemFields.contacts,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type InformationSystemChanges = Static<typeof SystemPatchBody>;
export const SystemListQuery = Type.Object(
  {
    organizationId: Type.Optional(Type.String({ format: "uuid" })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.Enum(SYSTEM_STATUSES)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
