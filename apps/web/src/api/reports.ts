import { apiRequest } from "./client.ts";

/** Online reporting (Decree 09/2019): regimes, templates, schedules, a unit's report, aggregates. */
const BASE = "/api/v1/reports";
const id = (value: string) => encodeURIComponent(value);

export type Ref = { id: string; code: string; name: string };

export type Regime = {
  id: string;
  code: string;
  name: string;
  legalBasis: string;
  frequency: string;
  receivingOrganization: Ref;
  status: "draft" | "active" | "retired";
  templateVersion: number | null;
};

export type ValueType = "integer" | "number" | "percent" | "text" | "boolean";

export type Indicator = {
  code: string;
  name: string;
  type: ValueType;
  unit?: string;
  min?: number;
  max?: number;
  categories?: string[];
  formula?: string;
  required?: boolean;
};

export type Category = { code: string; name: string; options: { code: string; name: string }[] };

export type TemplateDefinition = {
  sections: { code: string; title: string; guidance?: string; required?: boolean }[];
  categories: Category[];
  forms: { code: string; title: string; indicators: Indicator[] }[];
  rules: { code: string; message: string }[];
};

export type Template = { regimeId: string; version: number; definition: TemplateDefinition };

export type ScheduleStatus =
  "upcoming" | "open" | "late" | "draft" | "submitted" | "returned" | "accepted";

export type ExpectedReport = {
  periodId: string;
  start: string;
  end: string;
  deadline: string;
  organization: Ref;
  status: ScheduleStatus;
  reportId: string | null;
  submittedAt: string | null;
  submittedLate: boolean | null;
};

export type ReportStatus = "draft" | "submitted" | "returned" | "accepted";
export type CellValue = number | string;

/** Which side a comment came from: the reporting unit or the receiving unit reviewing it. */
export type CommentSide = "unit" | "reviewer";

/** A comment on one cell (ý kiến về số liệu); `combination` is "" for a cell without categories. */
export type ValueComment = {
  id: string;
  indicator: string;
  combination: string;
  body: string;
  author: string;
  side: CommentSide;
  source: "form" | "import";
  at: string;
};

export type ReportView = {
  id: string;
  regime: Ref;
  organization: Ref;
  periodId: string;
  start: string;
  end: string;
  deadline: string;
  templateVersion: number;
  status: ReportStatus;
  version: number;
  narrative: Record<string, string>;
  values: { indicator: string; combination: string; value: CellValue }[];
  computed: { indicator: string; value: number | null }[];
  /** Oldest first. */
  comments: ValueComment[];
  /** How the signed-in person may comment now; null when they may not. */
  commentSide: CommentSide | null;
  ruleFailures: { code: string; message: string }[];
  submittedAt: string | null;
  late: boolean | null;
  reviewNote: string | null;
  history: {
    version: number;
    action: "submitted" | "returned" | "accepted";
    actor: string;
    at: string;
    note: string | null;
    /** SHA-256 of the signed payload, on a signed submission. */
    payloadSha256: string | null;
  }[];
};

/** One cell to save; `null` clears it. */
export type ValueInput = {
  indicator: string;
  combination: string;
  value: number | string | boolean | null;
};

export type SignatureCheck = {
  version: number;
  valid: boolean;
  signer: { subject: string; issuer: string; serialNumber: string; validTo: string } | null;
  payloadSha256: string | null;
  trusted: boolean;
  signedAt: string;
  matchesStored: boolean | null;
  problem: string | null;
};

export type Completeness = {
  expected: number;
  submitted: number;
  onTime: number;
  accepted: number;
};
export type AggregateRow = {
  key: string;
  label: string;
  cells: { indicator: string; option: string | null; value: number | null }[];
  completeness: Completeness;
};
export type Aggregate = { rows: AggregateRow[]; total: AggregateRow };

export const fetchActiveRegimes = () =>
  apiRequest<{ items: Regime[] }>(`${BASE}/regimes`, { query: { status: "active" } }).then(
    (page) => page.items,
  );

export const fetchTemplate = (regimeId: string, version: number) =>
  apiRequest<Template>(`${BASE}/regimes/${id(regimeId)}/templates/${version}`);

export const fetchSchedule = (
  regimeId: string,
  query: { from?: string; to?: string; organizationId?: string },
) =>
  apiRequest<{ items: ExpectedReport[] }>(`${BASE}/regimes/${id(regimeId)}/schedule`, {
    query,
  }).then((page) => page.items);

export const openReport = (body: { regimeId: string; organizationId: string; periodId: string }) =>
  apiRequest<ReportView>(`${BASE}/reports`, { method: "POST", body });

export const fetchReport = (reportId: string) =>
  apiRequest<ReportView>(`${BASE}/reports/${id(reportId)}`);

export const saveReport = (
  reportId: string,
  body: { values?: ValueInput[]; narrative?: Record<string, string> },
) => apiRequest<ReportView>(`${BASE}/reports/${id(reportId)}`, { method: "PATCH", body });

export const submitReport = (reportId: string) =>
  apiRequest<ReportView>(`${BASE}/reports/${id(reportId)}/submit`, { method: "POST" });

export const reviewReport = (
  reportId: string,
  body: { decision: "accept" | "return"; note?: string },
) => apiRequest<ReportView>(`${BASE}/reports/${id(reportId)}/review`, { method: "POST", body });

export const addValueComment = (
  reportId: string,
  body: { indicator: string; combination?: string; body: string },
) => apiRequest<ValueComment>(`${BASE}/reports/${id(reportId)}/comments`, { method: "POST", body });

export const checkSignature = (reportId: string, version?: number) =>
  apiRequest<SignatureCheck>(`${BASE}/reports/${id(reportId)}/signature`, {
    query: version === undefined ? {} : { version: String(version) },
  });

/** One submission's JWS, as a file to keep or check elsewhere. */
export const signatureFileUrl = (reportId: string, version: number) =>
  `${BASE}/reports/${id(reportId)}/versions/${version}/jws`;

export const fetchAggregate = (regimeId: string, query: { period: string; indicators: string }) =>
  apiRequest<Aggregate>(`${BASE}/regimes/${id(regimeId)}/aggregate`, {
    query: { ...query, groupBy: "unit" },
  });

export const fetchRegime = (regimeId: string) =>
  apiRequest<Regime>(`${BASE}/regimes/${id(regimeId)}`);

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The report's Excel form, pre-filled with what is stored (a download link). */
export const reportFormUrl = (reportId: string) => `${BASE}/reports/${id(reportId)}/form.xlsx`;

/** Stores a filled Excel form, all or nothing; refusals name the sheet and cell of each value. */
export const uploadReportForm = (reportId: string, file: Blob) =>
  apiRequest<ReportView>(reportFormUrl(reportId), {
    method: "POST",
    file: { bytes: file, type: XLSX_TYPE },
  });
