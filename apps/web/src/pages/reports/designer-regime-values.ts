import type { FormInstance } from "antd";
import type { FieldProblem } from "../../api/client.ts";
import type { ORGANIZATION_KINDS, RegimeDetail, RegimeInput } from "../../api/report-designer.ts";

/** The regime form's values: the create API's body, its two rules spread into fields. */
export type RegimeFormValues = Omit<RegimeInput, "deadlineRule" | "reportingRule"> & {
  deadlineKind: "day_of_month" | "working_days_after_end";
  deadlineDay: number;
  deadlineMonthsAfterEnd: number;
  deadlineDays: number;
  reportingKind: "organizations" | "organization_kind";
  organizationIds: string[];
  organizationKind: (typeof ORGANIZATION_KINDS)[number];
  shortName: string;
};

export function toRegimeInput(v: RegimeFormValues): RegimeInput {
  return {
    code: v.code.trim(),
    name: v.name,
    legalBasis: v.legalBasis,
    kind: v.kind,
    frequency: v.frequency,
    windowRule: v.windowRule,
    deadlineRule:
      v.deadlineKind === "day_of_month"
        ? { kind: "day_of_month", day: v.deadlineDay, monthsAfterEnd: v.deadlineMonthsAfterEnd }
        : { kind: "working_days_after_end", days: v.deadlineDays },
    reportingRule:
      v.reportingKind === "organizations"
        ? { kind: "organizations", organizationIds: v.organizationIds }
        : {
            kind: "organization_kind",
            organizationKind: v.organizationKind,
            ...(v.shortName?.trim() ? { shortName: v.shortName.trim() } : {}),
          },
    receivingOrganizationId: v.receivingOrganizationId,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo || null,
    reminderDays: v.reminderDays ?? 3,
    description: v.description?.trim() || null,
    confidentiality: v.confidentiality,
  };
}

/**
 * The form field a problem of the create API belongs to: `/deadlineRule` to the deadline's
 * number, `/reportingRule/organizationIds/1` to the list of organizations, `body.code` to code.
 */
export function regimeFieldOf(
  path: string,
  v: RegimeFormValues,
): keyof RegimeFormValues | undefined {
  const [head, next] = path
    .replace(/^body\./, "")
    .replace(/^\//, "")
    .split(/[./]/);
  if (head === "deadlineRule")
    return v.deadlineKind === "day_of_month"
      ? next === "monthsAfterEnd"
        ? "deadlineMonthsAfterEnd"
        : "deadlineDay"
      : "deadlineDays";
  if (head === "reportingRule") {
    if (next === "shortName") return "shortName";
    return v.reportingKind === "organizations" ? "organizationIds" : "organizationKind";
  }
  return head && head in FIELD_NAMES ? (head as keyof RegimeFormValues) : undefined;
}

const FIELD_NAMES = {
  code: 1,
  name: 1,
  legalBasis: 1,
  kind: 1,
  frequency: 1,
  windowRule: 1,
  receivingOrganizationId: 1,
  effectiveFrom: 1,
  effectiveTo: 1,
  reminderDays: 1,
  description: 1,
  confidentiality: 1,
};

/** Shows each field problem the server named under its field. */
export function showRegimeProblems(form: FormInstance<RegimeFormValues>, problems: FieldProblem[]) {
  const values = form.getFieldsValue(true) as RegimeFormValues;
  const byField = new Map<keyof RegimeFormValues, string[]>();
  for (const p of problems) {
    const field = regimeFieldOf(p.path, values);
    if (field) byField.set(field, [...(byField.get(field) ?? []), p.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
}

export function initialRegimeValues(receivingOrganizationId: string): Partial<RegimeFormValues> {
  return {
    kind: "periodic",
    frequency: "quarterly",
    windowRule: "decree09",
    deadlineKind: "day_of_month",
    deadlineDay: 20,
    deadlineMonthsAfterEnd: 0,
    deadlineDays: 2,
    reportingKind: "organization_kind",
    organizationKind: "provincial_department",
    shortName: "SNV",
    organizationIds: [],
    receivingOrganizationId,
    effectiveFrom: `${new Date().getFullYear()}-01-01`,
    confidentiality: "none",
    reminderDays: 3,
  };
}

/** A saved regime's fields as form values, for changing it while it is being designed. */
export function regimeFormValues(regime: RegimeDetail): Partial<RegimeFormValues> {
  const deadline = regime.deadlineRule;
  const rule = regime.reportingRule;
  return {
    ...initialRegimeValues(regime.receivingOrganization.id),
    code: regime.code,
    name: regime.name,
    legalBasis: regime.legalBasis,
    kind: regime.kind,
    frequency: regime.frequency,
    windowRule: regime.windowRule,
    ...(deadline.kind === "day_of_month"
      ? {
          deadlineKind: "day_of_month",
          deadlineDay: deadline.day,
          deadlineMonthsAfterEnd: deadline.monthsAfterEnd,
        }
      : { deadlineKind: "working_days_after_end", deadlineDays: deadline.days }),
    ...(rule.kind === "organizations"
      ? { reportingKind: "organizations", organizationIds: rule.organizationIds }
      : {
          reportingKind: "organization_kind",
          organizationKind: rule.organizationKind,
          shortName: rule.shortName ?? "",
        }),
    effectiveFrom: regime.effectiveFrom,
    effectiveTo: regime.effectiveTo ?? undefined,
    reminderDays: regime.reminderDays,
    description: regime.description ?? undefined,
  };
}
