import { Button, Input, Select } from "antd";
import { RULE_OPERATORS, type ValidationRule } from "../../api/report-designer.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { moveAt, removeAt, replaceAt, type EditorPartProps } from "./designer-editing.ts";
import { DesignerField } from "./designer-field.tsx";
import { problemsAt } from "./designer-problems.ts";
import { DesignerRow } from "./designer-row-tools.tsx";

/** Validation rules (quy tắc kiểm tra): `left operator right`, with the message shown when it fails. */
export function DesignerRules({ definition, readOnly, problems, edit, reshape }: EditorPartProps) {
  const t = useT();
  const rules = definition.rules;
  return (
    <SectionCard
      title={t("designer.rules")}
      extra={
        readOnly ? null : (
          <Button
            onClick={() =>
              reshape({
                ...definition,
                rules: [
                  ...rules,
                  {
                    code: `QT_${rules.length + 1}`,
                    left: "",
                    operator: "<=",
                    right: "",
                    message: "",
                  },
                ],
              })
            }
          >
            {t("designer.addRule")}
          </Button>
        )
      }
    >
      {rules.length === 0 ? t("designer.noRules") : null}
      {rules.map((rule, r) => {
        const path = `/rules/${r}`;
        const set = (field: keyof ValidationRule, value: string) =>
          edit(`${path}/${field}`, {
            ...definition,
            rules: replaceAt(rules, r, { ...rule, [field]: value }),
          });
        const text = (
          field: "code" | "left" | "right" | "message",
          label: string,
          width: number,
        ) => (
          <DesignerField
            label={label}
            problems={problemsAt(problems, `${path}/${field}`)}
            width={width}
          >
            {(control) => (
              <Input
                {...control}
                value={rule[field]}
                readOnly={readOnly}
                onChange={(e) => set(field, e.target.value)}
              />
            )}
          </DesignerField>
        );
        return (
          <DesignerRow
            key={r}
            legend={t("designer.ruleN", { n: r + 1 })}
            readOnly={readOnly}
            index={r}
            count={rules.length}
            onMove={(delta) => reshape({ ...definition, rules: moveAt(rules, r, delta) })}
            onRemove={() => reshape({ ...definition, rules: removeAt(rules, r) })}
          >
            {text("code", t("designer.code"), 140)}
            {text("left", t("designer.ruleLeft"), 200)}
            <DesignerField
              label={t("designer.ruleOperator")}
              problems={problemsAt(problems, `${path}/operator`)}
              width={90}
            >
              {(control) => (
                <Select
                  {...control}
                  value={rule.operator}
                  disabled={readOnly}
                  options={RULE_OPERATORS.map((op) => ({ value: op, label: op }))}
                  onChange={(op) => set("operator", op)}
                />
              )}
            </DesignerField>
            {text("right", t("designer.ruleRight"), 200)}
            {text("message", t("designer.ruleMessage"), 360)}
          </DesignerRow>
        );
      })}
    </SectionCard>
  );
}
