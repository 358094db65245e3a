import { apiRequest } from "./client.ts";
import type { Indicator, Regime, TemplateDefinition } from "./reports.ts";

/**
 * The regime and template designer's calls: regimes with every field, creating one, putting it
 * in force, and the draft → published life of its template (a published version never changes).
 */
const BASE = "/api/v1/reports/regimes";
const id = (value: string) => encodeURIComponent(value);

export const REGIME_KINDS = ["periodic", "thematic", "ad_hoc"] as const;
export const FREQUENCIES = [
  "monthly",
  "quarterly",
  "six_monthly",
  "nine_monthly",
  "annual",
] as const;
export const WINDOW_RULES = ["decree09", "calendar"] as const;
export const ORGANIZATION_KINDS = [
  "ministry",
  "ministry_unit",
  "provincial_committee",
  "provincial_department",
  "commune_committee",
  "other",
] as const;
export const VALUE_TYPES = ["integer", "number", "percent", "text", "boolean"] as const;
export const RULE_OPERATORS = ["==", "!=", "<", "<=", ">", ">="] as const;

export type RegimeKind = (typeof REGIME_KINDS)[number];
export type Frequency = (typeof FREQUENCIES)[number];
export type WindowRule = (typeof WINDOW_RULES)[number];
export type RegimeStatus = Regime["status"];

export type DeadlineRule =
  | { kind: "day_of_month"; day: number; monthsAfterEnd: number }
  | { kind: "working_days_after_end"; days: number };

export type ReportingRule =
  | { kind: "organizations"; organizationIds: string[] }
  | {
      kind: "organization_kind";
      organizationKind: (typeof ORGANIZATION_KINDS)[number];
      shortName?: string;
    };

export type RegimeInput = {
  code: string;
  name: string;
  legalBasis: string;
  kind: RegimeKind;
  frequency: Frequency;
  windowRule: WindowRule;
  deadlineRule: DeadlineRule;
  reportingRule: ReportingRule;
  receivingOrganizationId: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  /** Working days of notice before a deadline (0–10, 3 when not given; 0: only once late). */
  reminderDays?: number;
  description?: string | null;
  confidentiality?: "none" | "mat" | "toi_mat" | "tuyet_mat";
};

/** A regime with every field the server returns. */
export type RegimeDetail = Regime & {
  kind: RegimeKind;
  frequency: Frequency;
  windowRule: WindowRule;
  deadlineRule: DeadlineRule;
  reportingRule: ReportingRule;
  effectiveFrom: string;
  effectiveTo: string | null;
  reminderDays: number;
  description: string | null;
  updatedAt: string;
};

export type RuleOperator = (typeof RULE_OPERATORS)[number];
export type ValidationRule = {
  code: string;
  left: string;
  operator: RuleOperator;
  right: string;
  message: string;
};

export type DesignIndicator = Indicator & { aggregation?: "sum" | "average" | "last" | "none" };

/** The template as the designer edits it: the whole definition, rules with both sides. */
export type DesignDefinition = Omit<TemplateDefinition, "forms" | "rules"> & {
  forms: { code: string; title: string; indicators: DesignIndicator[] }[];
  rules: ValidationRule[];
};

export type TemplateVersion = {
  regimeId: string;
  version: number;
  status: "draft" | "published";
  definition: DesignDefinition;
  publishedAt: string | null;
  createdBy: string;
  createdAt: string;
};

export const listRegimes = (query: { status?: RegimeStatus; q?: string }) =>
  apiRequest<{ items: RegimeDetail[] }>(BASE, { query }).then((page) => page.items);

export const fetchRegimeDetail = (regimeId: string) =>
  apiRequest<RegimeDetail>(`${BASE}/${id(regimeId)}`);

export const createRegime = (body: RegimeInput) =>
  apiRequest<RegimeDetail>(BASE, { method: "POST", body });

export const activateRegime = (regimeId: string) =>
  apiRequest<RegimeDetail>(`${BASE}/${id(regimeId)}/activate`, { method: "POST" });

export const listTemplateVersions = (regimeId: string) =>
  apiRequest<{ items: TemplateVersion[] }>(`${BASE}/${id(regimeId)}/templates`).then(
    (page) => page.items,
  );

export const saveDraftTemplate = (regimeId: string, definition: DesignDefinition) =>
  apiRequest<TemplateVersion>(`${BASE}/${id(regimeId)}/template`, {
    method: "PUT",
    body: definition,
  });

export const publishTemplate = (regimeId: string) =>
  apiRequest<TemplateVersion>(`${BASE}/${id(regimeId)}/template/publish`, { method: "POST" });

/** Changes the fields of a regime still being designed (one in force keeps its fields). */
export const updateRegime = (regimeId: string, body: RegimeInput) =>
  apiRequest<RegimeDetail>(`${BASE}/${id(regimeId)}`, { method: "PUT", body });

/**
 * A request for a thematic or ad-hoc report (yêu cầu báo cáo chuyên đề, đột xuất): its code is
 * the period id its reports carry; `organizationIds` null asks every reporting unit of the regime.
 */
export type ReportRequest = {
  regimeId: string;
  code: string;
  title: string;
  start: string;
  end: string;
  deadline: string;
  organizationIds: string[] | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
};

export type ReportRequestInput = {
  code: string;
  title: string;
  start: string;
  end: string;
  deadline: string;
  organizationIds?: string[];
  note?: string;
};

export const listReportRequests = (regimeId: string) =>
  apiRequest<{ items: ReportRequest[] }>(`${BASE}/${id(regimeId)}/requests`).then(
    (page) => page.items,
  );

/** Requests a report; the answer carries the deadline as the server set it (a day off moves it). */
export const createReportRequest = (regimeId: string, body: ReportRequestInput) =>
  apiRequest<ReportRequest>(`${BASE}/${id(regimeId)}/requests`, { method: "POST", body });
