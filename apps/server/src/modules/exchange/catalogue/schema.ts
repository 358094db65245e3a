import { Type, type Static, type TSchema } from "typebox";
import { Nullable } from "../../../core/http/schema.ts";

/** Request and response shapes of the catalogue API; they feed validation and OpenAPI. */

const DateTime = Type.String({ format: "date-time" });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const HttpUrl = Type.String({
  format: "uri",
  pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
  maxLength: 2000,
});

export const SERVICE_KINDS = ["rest", "soap"] as const;
export const SERVICE_STATUSES = ["active", "deprecated", "retired"] as const;
export const CLASSIFICATIONS = ["public", "internal", "restricted", "confidential"] as const;
export const BODY_LOGGING = ["none", "request", "response", "both"] as const;
export const MEDIATION_MODES = ["none", "json-xml"] as const;
export const REQUEST_STATUSES = ["pending", "approved", "refused", "withdrawn"] as const;
export const RIGHT_STATES = ["active", "expired", "revoked"] as const;

/** An operation of a REST service as a right names it: `GET /citizens/{id}`. */
export const EndpointSchema = Type.String({
  pattern: "^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) /[^\\s?#]*$",
  maxLength: 500,
  description: "METHOD /path-template, e.g. GET /citizens/{id}",
});

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};
export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const ContactSchema = Type.Object(
  {
    name: Type.Optional(Text(200)),
    email: Type.Optional(Type.String({ format: "email", maxLength: 254 })),
    phone: Type.Optional(Text(50)),
  },
  { additionalProperties: false },
);
export type ServiceContact = Static<typeof ContactSchema>;

export const SlaSchema = Type.Object(
  {
    availabilityPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    maxLatencyMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
    supportHours: Type.Optional(Text(200)),
  },
  { additionalProperties: false, description: "Cam kết chất lượng dịch vụ / service levels" },
);
export type ServiceSla = Static<typeof SlaSchema>;

/** An XML element name the JSON ↔ XML mapping writes as it is (no `xml` prefix, ASCII). */
const XmlRootName = Type.String({
  pattern: "^(?![Xx][Mm][Ll])[A-Za-z][A-Za-z0-9._-]*$",
  maxLength: 100,
  description: "Tên phần tử gốc XML / XML root element name",
});

export const MediationSchema = Type.Object(
  { mode: Type.Enum(MEDIATION_MODES), xmlRoot: Nullable(Type.String()) },
  {
    description:
      "Chuyển đổi định dạng: none (giữ nguyên) hoặc json-xml (bên gọi JSON, bên cung cấp XML) / format mediation",
  },
);

/** What a provider sets; `xmlRoot` only with `json-xml` (default `jsonObject`). */
export const MediationBody = Type.Object(
  { mode: Type.Enum(MEDIATION_MODES), xmlRoot: Type.Optional(XmlRootName) },
  { additionalProperties: false },
);
export type MediationInput = Static<typeof MediationBody>;

export const ServiceSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  provider: Type.Object({
    organizationId: Type.String(),
    organizationCode: Type.String(),
    organizationName: Type.String(),
    systemId: Type.String(),
    systemCode: Type.String(),
  }),
  code: Type.String(),
  version: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: Type.Enum(SERVICE_KINDS),
  baseUrl: Type.String(),
  openapiSourceUrl: Nullable(Type.String()),
  wsdlSourceUrl: Nullable(Type.String()),
  classification: Type.Enum(CLASSIFICATIONS),
  owner: Type.String(),
  contact: ContactSchema,
  documentationUrl: Nullable(Type.String()),
  healthPath: Nullable(Type.String()),
  sla: SlaSchema,
  bodyLogging: Type.Enum(BODY_LOGGING),
  mediation: MediationSchema,
  timeoutMs: Type.Integer(),
  maxRequestBytes: Type.Integer(),
  maxResponseBytes: Type.Integer(),
  status: Type.Enum(SERVICE_STATUSES),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Service = Static<typeof ServiceSchema>;

export const ServiceDetailSchema = Type.Object({
  ...ServiceSchema.properties,
  openapi: Nullable(Type.Unknown({ description: "Mô tả OpenAPI 3 / OpenAPI 3 description" })),
  wsdl: Nullable(Type.String({ description: "WSDL (SOAP 1.1)" })),
  operations: Type.Array(Type.String(), {
    description: "REST: METHOD /template; SOAP: tên thao tác / operation names",
  }),
});
export type ServiceDetail = Static<typeof ServiceDetailSchema>;

/** An OpenAPI description as text (JSON or YAML) or as a JSON object. */
const OpenApiUpload = Type.Union([
  Type.String({ minLength: 1, maxLength: 2_000_000 }),
  Type.Object({}, { additionalProperties: true }),
]);

const serviceFields = {
  name: Text(300),
  description: Type.String({ maxLength: 5000 }),
  baseUrl: HttpUrl,
  openapi: OpenApiUpload,
  openapiUrl: HttpUrl,
  wsdl: Type.String({ minLength: 1, maxLength: 2_000_000 }),
  wsdlUrl: HttpUrl,
  classification: Type.Enum(CLASSIFICATIONS),
  owner: Text(300),
  contact: ContactSchema,
  documentationUrl: Nullable(HttpUrl),
  healthPath: Nullable(
    Type.String({
      pattern: "^/[^\\s#]*$",
      maxLength: 500,
      description:
        "Đường dẫn kiểm tra tình trạng, sau địa chỉ gốc (GET, cần 2xx/3xx) / health endpoint path",
    }),
  ),
  sla: SlaSchema,
  bodyLogging: Type.Enum(BODY_LOGGING),
  mediation: MediationBody,
  timeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  maxRequestBytes: Type.Integer({ minimum: 1, maximum: 10_737_418_240 }),
  maxResponseBytes: Type.Integer({ minimum: 1, maximum: 10_737_418_240 }),
};

export const ServiceCreateBody = Type.Object(
  {
    providerSystemId: Type.String({ format: "uuid" }),
    code: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._-]+$" }),
    version: Type.String({ minLength: 1, maxLength: 20, pattern: "^[A-Za-z0-9._-]+$" }),
    kind: Type.Enum(SERVICE_KINDS),
    name: serviceFields.name,
    description: Type.Optional(serviceFields.description),
    baseUrl: serviceFields.baseUrl,
    openapi: Type.Optional(serviceFields.openapi),
    openapiUrl: Type.Optional(serviceFields.openapiUrl),
    wsdl: Type.Optional(serviceFields.wsdl),
    wsdlUrl: Type.Optional(serviceFields.wsdlUrl),
    classification: serviceFields.classification,
    owner: serviceFields.owner,
    contact: Type.Optional(serviceFields.contact),
    documentationUrl: Type.Optional(serviceFields.documentationUrl),
    healthPath: Type.Optional(serviceFields.healthPath),
    sla: Type.Optional(serviceFields.sla),
    bodyLogging: Type.Optional(serviceFields.bodyLogging),
    mediation: Type.Optional(serviceFields.mediation),
    timeoutMs: Type.Optional(serviceFields.timeoutMs),
    maxRequestBytes: Type.Optional(serviceFields.maxRequestBytes),
    maxResponseBytes: Type.Optional(serviceFields.maxResponseBytes),
  },
  { additionalProperties: false },
);
export type ServiceInput = Static<typeof ServiceCreateBody>;

/** Code and version are the service's identity: a new version is registered as a new service. */
export const ServicePatchBody = Type.Object(
  {
    name: Type.Optional(serviceFields.name),
    description: Type.Optional(serviceFields.description),
    baseUrl: Type.Optional(serviceFields.baseUrl),
    openapi: Type.Optional(serviceFields.openapi),
    openapiUrl: Type.Optional(serviceFields.openapiUrl),
    wsdl: Type.Optional(serviceFields.wsdl),
    wsdlUrl: Type.Optional(serviceFields.wsdlUrl),
    classification: Type.Optional(serviceFields.classification),
    owner: Type.Optional(serviceFields.owner),
    contact: Type.Optional(serviceFields.contact),
    documentationUrl: Type.Optional(serviceFields.documentationUrl),
    healthPath: Type.Optional(serviceFields.healthPath),
    sla: Type.Optional(serviceFields.sla),
    bodyLogging: Type.Optional(serviceFields.bodyLogging),
    mediation: Type.Optional(serviceFields.mediation),
    timeoutMs: Type.Optional(serviceFields.timeoutMs),
    maxRequestBytes: Type.Optional(serviceFields.maxRequestBytes),
    maxResponseBytes: Type.Optional(serviceFields.maxResponseBytes),
    status: Type.Optional(Type.Enum(["active", "deprecated"])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ServiceChanges = Static<typeof ServicePatchBody>;

export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000, pattern: "\\S" }) },
  { additionalProperties: false },
);

export const ServiceListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    providerOrganizationId: Type.Optional(Type.String({ format: "uuid" })),
    kind: Type.Optional(Type.Enum(SERVICE_KINDS)),
    status: Type.Optional(Type.Enum(SERVICE_STATUSES)),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const ServiceSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  version: Type.String(),
  name: Type.String(),
  providerOrgCode: Type.String(),
  providerSystemCode: Type.String(),
});

export const AccessRequestSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  consumerSystemId: Type.String(),
  consumerOrganizationId: Type.String(),
  service: ServiceSummary,
  providerOrganizationId: Type.String(),
  endpoints: Nullable(Type.Array(Type.String())),
  purpose: Type.String(),
  legalBasis: Type.String(),
  requestedExpiresAt: Nullable(DateTime),
  requestedBy: Type.String(),
  status: Type.Enum(REQUEST_STATUSES),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  reason: Nullable(Type.String()),
  rightId: Nullable(Type.String()),
  createdAt: DateTime,
});
export type AccessRequest = Static<typeof AccessRequestSchema>;

export const AccessRequestCreateBody = Type.Object(
  {
    consumerSystemId: Type.String({ format: "uuid" }),
    serviceId: Type.String({ format: "uuid" }),
    endpoints: Type.Optional(
      Type.Array(EndpointSchema, { minItems: 1, maxItems: 200, uniqueItems: true }),
    ),
    purpose: Text(2000),
    legalBasis: Text(1000),
    requestedExpiresAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type AccessRequestInput = Static<typeof AccessRequestCreateBody>;

export const ApproveBody = Type.Object(
  {
    expiresAt: Type.Optional(Nullable(DateTime)),
    // Not nullable: with type coercion on, a union with null would turn a refused 0 into null.
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    dailyQuota: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
  },
  { additionalProperties: false },
);
export type ApproveInput = Static<typeof ApproveBody>;

/** Which side of an exchange the caller looks from. */
export const SIDES = ["consumer", "provider"] as const;
export type Side = (typeof SIDES)[number];

export const AccessRequestListQuery = Type.Object(
  {
    as: Type.Enum(SIDES),
    status: Type.Optional(Type.Enum(REQUEST_STATUSES)),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const AccessRightSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  requestId: Nullable(Type.String()),
  consumerSystemId: Type.String(),
  consumerOrganizationId: Type.String(),
  service: ServiceSummary,
  providerOrganizationId: Type.String(),
  endpoints: Nullable(Type.Array(Type.String())),
  grantedBy: Type.String(),
  grantedAt: DateTime,
  expiresAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
  revokedBy: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  rateLimitPerMinute: Nullable(Type.Integer()),
  dailyQuota: Nullable(Type.Integer()),
  state: Type.Enum(RIGHT_STATES),
});
export type AccessRight = Static<typeof AccessRightSchema>;

export const AccessRightListQuery = Type.Object(
  {
    as: Type.Enum(SIDES),
    serviceId: Type.Optional(Type.String({ format: "uuid" })),
    state: Type.Optional(Type.Enum(RIGHT_STATES)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
