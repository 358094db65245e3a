import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Select, Space, Typography } from "antd";
import {
  aggregateExportUrl,
  fetchAggregateView,
  type AggregateQuery,
  type AggregateView,
  type GroupBy,
} from "../../api/report-review.ts";
import { fetchActiveRegimes, fetchTemplate, type TemplateDefinition } from "../../api/reports.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { type AddressChanges, useAddressChoices } from "../../components/use-address-choices.ts";
import { useLanguage, useT, type MessageKey } from "../../i18n/index.tsx";
import { AggregateFilters, PERIOD_ID, readAggregateChoices } from "./aggregate-filters.tsx";
import {
  AggregatePivot,
  pivotColumns,
  templateNames,
  type PivotColumn,
} from "./aggregate-pivot.tsx";
import { GroupBarChart } from "./group-bar-chart.tsx";

/** What the rows are, as the first column's header and in the chart's title. */
const GROUP_HEADERS: Record<GroupBy, MessageKey> = {
  unit: "reports.organization",
  area: "reports.aggregate.groupBy.area",
  organization: "reports.aggregate.groupBy.organization",
  period: "reports.period",
  none: "reports.aggregate.groupBy.none",
};

const columnKey = (c: PivotColumn) =>
  c.option === null ? c.indicator : `${c.indicator}.${c.option}`;

/**
 * Tổng hợp số liệu: a regime's live aggregate for any period it adds up into, grouped by unit,
 * by the organizations under one, or by period, with one disaggregation broken down, the
 * completeness counts, a bar chart of one column across the groups, and the same figures as Excel
 * or CSV. Every choice is in the address, so a view can be bookmarked and sent.
 */
export default function AggregatePage() {
  const t = useT();
  const { language } = useLanguage();
  const [params, chooseInAddress] = useAddressChoices();
  const choices = readAggregateChoices(params);
  const { regimeId, period, groupBy, include, category, organizationId, area } = choices;
  const choose = (next: AddressChanges, replace = false) => chooseInAddress(next, { replace });

  const regimes = useQuery({ queryKey: ["regimes", "active"], queryFn: fetchActiveRegimes });
  const regime = regimes.data?.find((r) => r.id === regimeId);
  const template = useQuery({
    queryKey: ["report-template", regime?.id, regime?.templateVersion],
    queryFn: () => fetchTemplate(regime!.id, regime!.templateVersion!),
    enabled: regime?.templateVersion != null,
    staleTime: Infinity,
  });
  const needsOrganization = groupBy === "organization" && !organizationId;
  const ready = regimeId !== undefined && PERIOD_ID.test(period);
  const query: AggregateQuery | undefined =
    ready && !needsOrganization
      ? { period, groupBy, include, category, organizationId, area }
      : undefined;
  const view = useQuery({
    queryKey: ["aggregate-view", regimeId, query],
    queryFn: () => fetchAggregateView(regimeId!, query!),
    enabled: query !== undefined,
  });
  const number = new Intl.NumberFormat(language === "vi" ? "vi-VN" : "en-GB", {
    maximumFractionDigits: 2,
  });
  const format = (value: number) => number.format(value);
  const data = view.data;
  const definition = template.data?.definition;

  return (
    <>
      <PageHeader
        title={t("reports.aggregate.title")}
        extra={
          <Space wrap>
            {(["xlsx", "csv"] as const).map((kind) => (
              <Button
                key={kind}
                icon={<DownloadOutlined />}
                disabled={!query}
                href={query && regimeId ? aggregateExportUrl(regimeId, query, kind) : undefined}
              >
                {t(
                  kind === "xlsx" ? "reports.aggregate.exportXlsx" : "reports.aggregate.exportCsv",
                )}
              </Button>
            ))}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t("reports.aggregate.intro")}</Typography.Paragraph>
      <ProblemAlert error={regimes.error ?? template.error ?? view.error} />
      <AggregateFilters
        choices={choices}
        choose={choose}
        regimes={regimes.data}
        definition={definition}
        organization={data?.organization}
      />
      {!ready ? <Typography.Paragraph>{t("reports.aggregate.pick")}</Typography.Paragraph> : null}
      {ready && needsOrganization ? (
        <Typography.Paragraph>{t("reports.aggregate.needOrganization")}</Typography.Paragraph>
      ) : null}
      {data && definition ? (
        <>
          <SectionCard title={t("reports.aggregate.table")}>
            <AggregatePivot
              view={data}
              definition={definition}
              caption={t("reports.aggregate.caption", {
                regime: data.regime.name,
                period: data.period.id,
                include: t(`reports.aggregate.include.${data.include}`),
              })}
              groupHeader={t(GROUP_HEADERS[data.groupBy])}
              format={format}
            />
          </SectionCard>
          {data.rows.length > 0 ? (
            <ChartSection
              view={data}
              definition={definition}
              charted={params.get("chart") ?? ""}
              onChart={(key) => choose({ chart: key })}
              format={format}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

type ChartSectionProps = {
  view: AggregateView;
  definition: TemplateDefinition;
  /** The charted column's key (`CC`, `CC.nu`); the first column when it names none. */
  charted: string;
  onChart: (key: string) => void;
  format: (value: number) => string;
};

/** One column of the pivot (an indicator's total or one option) as a bar per group. */
function ChartSection({ view, definition, charted, onChart, format }: ChartSectionProps) {
  const t = useT();
  const { language } = useLanguage();
  const columns = pivotColumns(view);
  const column = columns.find((c) => columnKey(c) === charted) ?? columns[0];
  if (!column) return null;
  const names = templateNames(definition, view.category);
  const nameOf = (c: PivotColumn) =>
    c.option === null
      ? names.indicator(c.indicator)
      : `${names.indicator(c.indicator)} — ${names.option(c.option)}`;
  return (
    <SectionCard
      title={t("reports.aggregate.chart")}
      extra={
        <Select
          aria-label={t("reports.aggregate.chartOf")}
          style={{ width: 320, maxWidth: "55vw" }}
          value={columnKey(column)}
          options={columns.map((c) => ({ value: columnKey(c), label: nameOf(c) }))}
          onChange={onChart}
        />
      }
    >
      <GroupBarChart
        title={t("reports.aggregate.chartTitle", {
          indicator: nameOf(column),
          groups: t(GROUP_HEADERS[view.groupBy]).toLocaleLowerCase(language),
        })}
        bars={view.rows.map((row) => ({
          key: row.key,
          label: row.label,
          value:
            row.cells.find((c) => c.indicator === column.indicator && c.option === column.option)
              ?.value ?? null,
        }))}
        format={format}
      />
    </SectionCard>
  );
}
