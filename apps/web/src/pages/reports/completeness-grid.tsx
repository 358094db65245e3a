import { useQuery } from "@tanstack/react-query";
import { Space, Table, Tag } from "antd";
import {
  fetchAggregate,
  type AggregateRow,
  type Completeness,
  type ExpectedReport,
  type Indicator,
} from "../../api/reports.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { ReportStatusTag } from "./labels.tsx";

type GridProps = {
  regimeId: string;
  periodId: string;
  indicators: Indicator[];
  /** The period's expected reports, to show each unit's standing and open its report. */
  schedule: ExpectedReport[];
};

type Row = AggregateRow & { expected: ExpectedReport | undefined };

/** A count out of what was expected, green when complete. */
function CountTag({ label, count, of }: { label: string; count: number; of: number }) {
  return (
    <Tag color={of > 0 && count === of ? "green" : count === 0 ? undefined : "gold"}>
      {label}: {count}/{of}
    </Tag>
  );
}

function CompletenessTags({ completeness: c }: { completeness: Completeness }) {
  const t = useT();
  return (
    <Space size={4} wrap>
      <CountTag label={t("reports.completeness.submitted")} count={c.submitted} of={c.expected} />
      <CountTag label={t("reports.completeness.onTime")} count={c.onTime} of={c.expected} />
      <CountTag label={t("reports.completeness.accepted")} count={c.accepted} of={c.expected} />
    </Space>
  );
}

/** One row per reporting unit (aggregated by unit, over every unit) and the total row. */
export function CompletenessGrid({ regimeId, periodId, indicators, schedule }: GridProps) {
  const t = useT();
  const { language } = useLanguage();
  const codes = indicators.map((i) => i.code).join(",");
  const aggregate = useQuery({
    queryKey: ["aggregate", regimeId, periodId, codes],
    queryFn: () => fetchAggregate(regimeId, { period: periodId, indicators: codes }),
  });
  if (aggregate.error) return <ProblemAlert error={aggregate.error} />;
  const byUnit = new Map(schedule.map((item) => [item.organization.id, item]));
  const rows: Row[] = (aggregate.data?.rows ?? []).map((row) => ({
    ...row,
    expected: byUnit.get(row.key),
  }));
  const number = new Intl.NumberFormat(language === "vi" ? "vi-VN" : "en-GB", {
    maximumFractionDigits: 2,
  });
  const total = aggregate.data?.total;
  return (
    <Table<Row>
      size="small"
      rowKey="key"
      loading={aggregate.isPending}
      dataSource={rows}
      pagination={false}
      columns={[
        { title: t("reports.organization"), dataIndex: "label" },
        {
          title: t("reports.status"),
          render: (_, row) =>
            row.expected ? <ReportStatusTag status={row.expected.status} /> : null,
        },
        {
          title: t("reports.completeness.column"),
          render: (_, row) => <CompletenessTags completeness={row.completeness} />,
        },
        ...indicators.map((indicator) => ({
          title: indicator.unit ? `${indicator.name} (${indicator.unit})` : indicator.name,
          align: "right" as const,
          render: (_: unknown, row: Row) => {
            const value = row.cells.find(
              (c) => c.indicator === indicator.code && c.option === null,
            )?.value;
            return value === null || value === undefined ? "—" : number.format(value);
          },
        })),
        {
          title: t("common.actions"),
          render: (_, row) =>
            row.expected?.reportId ? (
              <LinkButton
                size="small"
                to={`/reports/${row.expected.reportId}`}
                aria-label={t("reports.completeness.openLabel", { unit: row.label })}
              >
                {t("reports.completeness.open")}
              </LinkButton>
            ) : null,
        },
      ]}
      summary={() =>
        total ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>{t("reports.completeness.total")}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} />
            <Table.Summary.Cell index={2}>
              <CompletenessTags completeness={total.completeness} />
            </Table.Summary.Cell>
            {indicators.map((indicator, i) => {
              const value = total.cells.find(
                (c) => c.indicator === indicator.code && c.option === null,
              )?.value;
              return (
                <Table.Summary.Cell key={indicator.code} index={3 + i} align="right">
                  {value === null || value === undefined ? "—" : number.format(value)}
                </Table.Summary.Cell>
              );
            })}
            <Table.Summary.Cell index={3 + indicators.length} />
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
