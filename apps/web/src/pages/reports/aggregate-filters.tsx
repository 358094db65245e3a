import { useQuery } from "@tanstack/react-query";
import { AutoComplete, Form, Grid, Select } from "antd";
import { listAdminUnits } from "../../api/directory.ts";
import type { GroupBy, Include } from "../../api/report-review.ts";
import type { Ref, Regime, TemplateDefinition } from "../../api/reports.ts";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import type { AddressChanges } from "../../components/use-address-choices.ts";
import { useT } from "../../i18n/index.tsx";

export const GROUPS: GroupBy[] = ["unit", "area", "organization", "period", "none"];
const INCLUDES: Include[] = ["submitted", "accepted", "all"];
/** Period ids the API knows: `202611`, `2026Q4`, `2026S1`, `2026N`, `2026`. */
export const PERIOD_ID = /^\d{4}(0[1-9]|1[0-2]|Q[1-4]|S[12]|N)?$/;
const LEVELS = ["monthly", "quarterly", "six_monthly", "nine_monthly", "annual"];

/** What the aggregate page shows, as kept in its address. */
export type AggregateChoices = {
  regimeId: string | undefined;
  period: string;
  groupBy: GroupBy;
  include: Include;
  category: string | undefined;
  organizationId: string | undefined;
  area: string | undefined;
};

const pick = <T extends string>(value: string | null, allowed: T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

export function readAggregateChoices(params: URLSearchParams): AggregateChoices {
  return {
    regimeId: params.get("regime") ?? undefined,
    period: params.get("period") ?? "",
    groupBy: pick(params.get("groupBy"), GROUPS, "unit"),
    include: pick(params.get("include"), INCLUDES, "submitted"),
    category: params.get("category") ?? undefined,
    organizationId: params.get("organization") ?? undefined,
    area: params.get("area") ?? undefined,
  };
}

/** The regime's own periods and the coarser ones they add up into, for the given years. */
function periodSuggestions(frequency: string, years: number[]): string[] {
  const idsOf = (level: string, year: number): string[] => {
    switch (level) {
      case "monthly":
        return Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, "0")}`);
      case "quarterly":
        return [1, 2, 3, 4].map((q) => `${year}Q${q}`);
      case "six_monthly":
        return [`${year}S1`, `${year}S2`];
      case "nine_monthly":
        return [`${year}N`];
      default:
        return [String(year)];
    }
  };
  const levels = LEVELS.slice(Math.max(0, LEVELS.indexOf(frequency)));
  return years.flatMap((year) => levels.flatMap((level) => idsOf(level, year)));
}

type FiltersProps = {
  choices: AggregateChoices;
  /** Changes address parameters (`regime`, `period`, …); `replace` while typing. */
  choose: (next: AddressChanges, replace?: boolean) => void;
  regimes: Regime[] | undefined;
  definition: TemplateDefinition | undefined;
  /** The organization added up under, as the last answer named it. */
  organization: Ref | null | undefined;
};

/** Regime, period, grouping, organization, which reports count, and the disaggregation shown. */
export function AggregateFilters({
  choices,
  choose,
  regimes,
  definition,
  organization,
}: FiltersProps) {
  const t = useT();
  const { period } = choices;
  const regime = regimes?.find((r) => r.id === choices.regimeId);
  const year = new Date().getFullYear();
  const badPeriod = period !== "" && !PERIOD_ID.test(period);
  const provinces = useQuery({
    queryKey: ["admin-units", "province"],
    queryFn: () => listAdminUnits({ level: "province", limit: 100 }),
    staleTime: Infinity,
  });
  // Side by side on a wide screen; one above the other, full width, on a phone.
  const wide = Grid.useBreakpoint().md ?? true;
  const width = (pixels: number) => (wide ? pixels : "100%");
  return (
    <Form layout={wide ? "inline" : "vertical"} style={{ marginBottom: 16, rowGap: 8 }}>
      <Form.Item label={t("reports.regime")} htmlFor="aggregate-regime">
        <Select
          id="aggregate-regime"
          style={{ width: width(360) }}
          loading={regimes === undefined}
          value={choices.regimeId}
          placeholder={t("reports.completeness.pickRegime")}
          options={(regimes ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` }))}
          onChange={(value: string) =>
            choose({ regime: value, category: undefined, chart: undefined })
          }
        />
      </Form.Item>
      <Form.Item
        label={t("reports.period")}
        htmlFor="aggregate-period"
        help={badPeriod ? t("reports.aggregate.periodHint") : undefined}
        validateStatus={badPeriod ? "warning" : undefined}
      >
        <AutoComplete
          id="aggregate-period"
          style={{ width: width(140) }}
          value={period}
          placeholder="2026S1"
          options={periodSuggestions(regime?.frequency ?? "monthly", [year, year - 1])
            .filter((id) => id.startsWith(period))
            .map((id) => ({ value: id }))}
          onChange={(value: string) => choose({ period: value.trim() }, true)}
        />
      </Form.Item>
      <Form.Item label={t("reports.aggregate.groupBy")} htmlFor="aggregate-group">
        <Select
          id="aggregate-group"
          style={{ width: width(220) }}
          value={choices.groupBy}
          options={GROUPS.map((g) => ({ value: g, label: t(`reports.aggregate.groupBy.${g}`) }))}
          onChange={(value: GroupBy) => choose({ groupBy: value })}
        />
      </Form.Item>
      <Form.Item label={t("reports.aggregate.organization")} htmlFor="aggregate-organization">
        <div style={{ width: width(300) }}>
          <OrganizationPicker
            id="aggregate-organization"
            value={choices.organizationId}
            selected={organization}
            allowClear
            onChange={(value) => choose({ organization: value })}
          />
        </div>
      </Form.Item>
      <Form.Item label={t("reports.aggregate.area")} htmlFor="aggregate-area">
        <Select
          id="aggregate-area"
          style={{ width: width(220) }}
          allowClear
          showSearch
          optionFilterProp="label"
          value={choices.area}
          placeholder={t("reports.aggregate.wholeCountry")}
          options={(provinces.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))}
          onChange={(value?: string) => choose({ area: value })}
        />
      </Form.Item>
      <Form.Item label={t("reports.aggregate.include")} htmlFor="aggregate-include">
        <Select
          id="aggregate-include"
          style={{ width: width(220) }}
          value={choices.include}
          options={INCLUDES.map((i) => ({ value: i, label: t(`reports.aggregate.include.${i}`) }))}
          onChange={(value: Include) => choose({ include: value })}
        />
      </Form.Item>
      <Form.Item label={t("reports.aggregate.category")} htmlFor="aggregate-category">
        <Select
          id="aggregate-category"
          style={{ width: width(200) }}
          allowClear
          value={choices.category}
          placeholder={t("reports.aggregate.noCategory")}
          options={(definition?.categories ?? []).map((c) => ({ value: c.code, label: c.name }))}
          onChange={(value?: string) => choose({ category: value, chart: undefined })}
        />
      </Form.Item>
    </Form>
  );
}
