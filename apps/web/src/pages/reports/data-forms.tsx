import { Table, Typography } from "antd";
import { useState } from "react";
import type {
  CellValue,
  Indicator,
  ReportView,
  TemplateDefinition,
  ValueInput,
} from "../../api/reports.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { cellKey, combinationsOf } from "./combinations.ts";
import { ValueCell } from "./value-cell.tsx";
import {
  CommentButton,
  CommentDrawer,
  commentThreads,
  type CommentedCell,
} from "./value-comments.tsx";

type DataFormsProps = {
  report: ReportView;
  definition: TemplateDefinition;
  readOnly: boolean;
  errors: Record<string, string>;
  onCommit: (value: ValueInput) => void;
};

type Row = {
  key: string;
  indicator: Indicator;
  combination: string;
  combinationLabel: string;
  /** Rows the indicator's name spans (its first row), 0 for the rows below it. */
  span: number;
};

function rowsOf(indicators: Indicator[], definition: TemplateDefinition): Row[] {
  return indicators.flatMap((indicator) => {
    const cells = indicator.formula
      ? [{ key: "", label: "" }]
      : combinationsOf(indicator, definition.categories);
    return cells.map((cell, i) => ({
      key: cellKey(indicator.code, cell.key),
      indicator,
      combination: cell.key,
      combinationLabel: cell.label,
      span: i === 0 ? cells.length : 0,
    }));
  });
}

/** Names a cell for screen readers and tests: the indicator, then the combination if any. */
const cellLabel = (row: Row) =>
  row.combinationLabel ? `${row.indicator.name} — ${row.combinationLabel}` : row.indicator.name;

const formatComputed = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : String(Math.round(value * 100) / 100);

/**
 * The template's data forms (biểu mẫu): one table per form, one row per cell to enter, each
 * entered cell with its comments (ý kiến) a click away.
 */
export function DataForms({ report, definition, readOnly, errors, onCommit }: DataFormsProps) {
  const t = useT();
  const [commenting, setCommenting] = useState<CommentedCell | null>(null);
  const threads = commentThreads(report.comments);
  const saved = new Map<string, CellValue>(
    report.values.map((v) => [cellKey(v.indicator, v.combination), v.value]),
  );
  const computed = new Map(report.computed.map((c) => [c.indicator, c.value]));
  const forms = definition.forms.map((form) => (
    <SectionCard key={form.code} title={`${form.code} — ${form.title}`}>
      <Table<Row>
        size="small"
        pagination={false}
        dataSource={rowsOf(form.indicators, definition)}
        columns={[
          {
            title: t("reports.indicator"),
            onCell: (row) => ({ rowSpan: row.span }),
            render: (_, row) => (
              <>
                <Typography.Text strong>{row.indicator.name}</Typography.Text>{" "}
                <Typography.Text type="secondary">({row.indicator.code})</Typography.Text>
                {row.indicator.required ? (
                  <Typography.Text type="danger" aria-label={t("reports.requiredCell")}>
                    {" *"}
                  </Typography.Text>
                ) : null}
                {row.indicator.formula ? (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t("reports.formula", { formula: row.indicator.formula })}
                    </Typography.Text>
                  </div>
                ) : null}
              </>
            ),
          },
          { title: t("reports.combination"), dataIndex: "combinationLabel" },
          {
            title: t("reports.value"),
            width: 260,
            render: (_, row) =>
              row.indicator.formula ? (
                <Typography.Text aria-label={row.indicator.name}>
                  {formatComputed(computed.get(row.indicator.code))}
                </Typography.Text>
              ) : (
                <ValueCell
                  indicator={row.indicator}
                  combination={row.combination}
                  label={cellLabel(row)}
                  saved={saved.get(row.key)}
                  error={errors[row.key]}
                  readOnly={readOnly}
                  onCommit={onCommit}
                />
              ),
          },
          {
            title: t("reports.unit"),
            width: 90,
            render: (_, row) => row.indicator.unit ?? "",
          },
          {
            title: t("reports.comments.column"),
            width: 90,
            render: (_, row) =>
              row.indicator.formula ? null : (
                <CommentButton
                  label={cellLabel(row)}
                  count={threads.get(row.key)?.length ?? 0}
                  onOpen={() =>
                    setCommenting({
                      key: row.key,
                      indicator: row.indicator.code,
                      combination: row.combination,
                      label: cellLabel(row),
                    })
                  }
                />
              ),
          },
        ]}
      />
    </SectionCard>
  ));
  return (
    <>
      {forms}
      <CommentDrawer
        report={report}
        cell={commenting}
        thread={commenting ? (threads.get(commenting.key) ?? []) : []}
        onClose={() => setCommenting(null)}
      />
    </>
  );
}
