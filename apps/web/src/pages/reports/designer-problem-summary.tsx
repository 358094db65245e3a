import { Alert } from "antd";
import { ApiError, type FieldProblem } from "../../api/client.ts";
import { problemTitle } from "../../components/problem-alert.tsx";
import { useT, type MessageKey, type Translate } from "../../i18n/index.tsx";

const ROWS: Record<string, MessageKey> = {
  sections: "designer.sectionN",
  categories: "designer.categoryN",
  options: "designer.optionShort",
  forms: "designer.formN",
  indicators: "designer.indicatorShort",
  rules: "designer.ruleN",
};

const FIELDS: Record<string, MessageKey> = {
  code: "designer.code",
  title: "designer.titleField",
  name: "designer.nameField",
  guidance: "designer.guidance",
  type: "designer.valueType",
  unit: "designer.unit",
  min: "designer.min",
  max: "designer.max",
  categories: "designer.indicatorCategories",
  formula: "designer.formula",
  left: "designer.ruleLeft",
  right: "designer.ruleRight",
  operator: "designer.ruleOperator",
  message: "designer.ruleMessage",
};

/** Where a problem is, in words: `/forms/0/indicators/2/formula` → "Biểu 1 › Chỉ tiêu 3 › Công thức". */
export function describePath(path: string, t: Translate): string {
  const parts = path.split("/").filter(Boolean);
  const words: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    const next = parts[i + 1];
    const row = ROWS[part];
    if (row && next !== undefined && /^\d+$/.test(next)) {
      words.push(t(row, { n: Number(next) + 1 }));
      i += 1;
    } else if (FIELDS[part]) words.push(t(FIELDS[part]));
    else if (row) words.push(t(`designer.${part}` as MessageKey));
  }
  return words.join(" › ");
}

/**
 * A refused save with every problem the server named and where it is; each problem is also shown
 * under its field.
 */
export function DesignerProblemSummary({
  error,
  problems,
}: {
  error: unknown;
  problems: FieldProblem[];
}) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      title={problemTitle(error, t)}
      description={
        <>
          {error instanceof ApiError ? error.detail : null}
          {problems.length > 0 ? (
            <ul style={{ margin: "8px 0 0", paddingLeft: 20 }}>
              {problems.map((p, i) => (
                <li key={i}>
                  {describePath(p.path, t) ? `${describePath(p.path, t)}: ` : ""}
                  {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
