import { Table, Typography } from "antd";
import type { DesignDefinition, DesignIndicator } from "../../api/report-designer.ts";
import { useT } from "../../i18n/index.tsx";
import { combinationsOf } from "./combinations.ts";

type Row = { key: string; indicator: DesignIndicator; combination: string; span: number };

/**
 * What reporting units will see: each form as a table, one row per cell to enter (every
 * combination of the indicator's categories), computed indicators with their formula.
 */
export function DesignerPreview({ definition }: { definition: DesignDefinition }) {
  const t = useT();
  return (
    <>
      {definition.sections.length > 0 ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {t("reports.narrative")}
          </Typography.Title>
          <ol>
            {definition.sections.map((s, i) => (
              <li key={i}>
                {s.title}
                {s.required ? " *" : ""}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {definition.forms.map((form, f) => (
        <div key={f} style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ fontSize: 15 }}>
            {`${form.code} — ${form.title}`}
          </Typography.Title>
          <Table<Row>
            size="small"
            pagination={false}
            dataSource={form.indicators.flatMap((indicator, i) => {
              const cells = indicator.formula
                ? [{ key: "", label: "" }]
                : combinationsOf(indicator, definition.categories);
              return cells.map((cell, c) => ({
                key: `${i}|${cell.key}`,
                indicator,
                combination: cell.label,
                span: c === 0 ? cells.length : 0,
              }));
            })}
            columns={[
              {
                title: t("reports.indicator"),
                onCell: (row) => ({ rowSpan: row.span }),
                render: (_, row) => (
                  <>
                    {row.indicator.name} ({row.indicator.code}){row.indicator.required ? " *" : ""}
                  </>
                ),
              },
              { title: t("reports.combination"), dataIndex: "combination" },
              {
                title: t("reports.value"),
                render: (_, row) =>
                  row.indicator.formula ? (
                    <Typography.Text type="secondary">
                      {t("reports.formula", { formula: row.indicator.formula })}
                    </Typography.Text>
                  ) : (
                    t(`designer.valueType.${row.indicator.type}`)
                  ),
              },
              { title: t("reports.unit"), render: (_, row) => row.indicator.unit ?? "" },
            ]}
          />
        </div>
      ))}
    </>
  );
}
