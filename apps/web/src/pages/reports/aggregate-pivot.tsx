import { theme } from "antd";
import type { CSSProperties } from "react";
import type { AggregateView } from "../../api/report-review.ts";
import type { AggregateRow, Completeness, TemplateDefinition } from "../../api/reports.ts";
import { useT, type MessageKey } from "../../i18n/index.tsx";

/** A column of figures: an indicator's total (`option` null) or its value for one option. */
export type PivotColumn = { indicator: string; option: string | null };

type PivotProps = {
  view: AggregateView;
  definition: TemplateDefinition;
  caption: string;
  /** Header of the first column: what the rows are (units, periods…). */
  groupHeader: string;
  format: (value: number) => string;
};

const COMPLETENESS: { key: keyof Completeness; label: MessageKey }[] = [
  { key: "expected", label: "reports.aggregate.expected" },
  { key: "submitted", label: "reports.completeness.submitted" },
  { key: "onTime", label: "reports.completeness.onTime" },
  { key: "accepted", label: "reports.completeness.accepted" },
];

/** The pivot's columns, in the order the server gives the cells (each indicator, then its options). */
export function pivotColumns(view: AggregateView): PivotColumn[] {
  return view.total.cells.map(({ indicator, option }) => ({ indicator, option }));
}

/** Names of an indicator (with its unit) and of an option of `category`, from the template. */
export function templateNames(definition: TemplateDefinition, category: string | null) {
  const indicators = new Map(definition.forms.flatMap((f) => f.indicators).map((i) => [i.code, i]));
  const options = new Map(
    (definition.categories.find((c) => c.code === category)?.options ?? []).map((o) => [
      o.code,
      o.name,
    ]),
  );
  return {
    indicator: (code: string) => {
      const found = indicators.get(code);
      if (!found) return code;
      return found.unit ? `${found.name} (${found.unit})` : found.name;
    },
    option: (code: string) => options.get(code) ?? code,
  };
}

/**
 * Rows are the groups, columns the completeness counts and every indicator (its total, then each
 * option of the chosen disaggregation), the total row last. A plain table with a caption, row
 * and column headers and column groups, scrolling sideways on a narrow screen.
 */
export function AggregatePivot({ view, definition, caption, groupHeader, format }: PivotProps) {
  const t = useT();
  const { token } = theme.useToken();
  const names = templateNames(definition, view.category);
  const columns = pivotColumns(view);
  const spans: { indicator: string; count: number }[] = [];
  for (const column of columns) {
    const last = spans.at(-1);
    if (last?.indicator === column.indicator) last.count += 1;
    else spans.push({ indicator: column.indicator, count: 1 });
  }
  const cell: CSSProperties = {
    border: `1px solid ${token.colorBorderSecondary}`,
    padding: "4px 8px",
  };
  const head: CSSProperties = { ...cell, background: token.colorFillAlter, fontWeight: 600 };
  const number: CSSProperties = { ...cell, textAlign: "right", whiteSpace: "nowrap" };
  const valueOf = (row: AggregateRow, column: PivotColumn) => {
    const value = row.cells.find(
      (c) => c.indicator === column.indicator && c.option === column.option,
    )?.value;
    return value === null || value === undefined ? "—" : format(value);
  };
  const line = (row: AggregateRow, total: boolean) => (
    <tr key={total ? "\ntotal" : row.key}>
      <th
        scope="row"
        style={{ ...(total ? head : cell), textAlign: "left", fontWeight: 600, minWidth: 160 }}
      >
        {total ? t("reports.completeness.total") : row.label}
      </th>
      {COMPLETENESS.map(({ key }) => (
        <td key={key} style={number}>
          {row.completeness[key]}
        </td>
      ))}
      {columns.map((column) => (
        <td key={`${column.indicator}.${column.option ?? ""}`} style={number}>
          {valueOf(row, column)}
        </td>
      ))}
    </tr>
  );

  return (
    <div role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto" }}>
      <table style={{ borderCollapse: "collapse", width: "100%", fontSize: 13 }}>
        <caption style={{ captionSide: "top", textAlign: "left", padding: "0 0 8px" }}>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2} style={{ ...head, textAlign: "left" }}>
              {groupHeader}
            </th>
            <th scope="colgroup" colSpan={COMPLETENESS.length} style={head}>
              {t("reports.aggregate.completeness")}
            </th>
            {spans.map((span) =>
              span.count > 1 ? (
                <th key={span.indicator} scope="colgroup" colSpan={span.count} style={head}>
                  {names.indicator(span.indicator)}
                </th>
              ) : (
                <th key={span.indicator} scope="col" rowSpan={2} style={head}>
                  {names.indicator(span.indicator)}
                </th>
              ),
            )}
          </tr>
          <tr>
            {COMPLETENESS.map(({ key, label }) => (
              <th key={key} scope="col" style={head}>
                {t(label)}
              </th>
            ))}
            {spans
              .filter((span) => span.count > 1)
              .flatMap((span) =>
                columns
                  .filter((c) => c.indicator === span.indicator)
                  .map((c) => (
                    <th key={`${c.indicator}.${c.option ?? ""}`} scope="col" style={head}>
                      {c.option === null
                        ? t("reports.aggregate.optionTotal")
                        : names.option(c.option)}
                    </th>
                  )),
              )}
          </tr>
        </thead>
        <tbody>{view.rows.map((row) => line(row, false))}</tbody>
        <tfoot>{line(view.total, true)}</tfoot>
      </table>
    </div>
  );
}
