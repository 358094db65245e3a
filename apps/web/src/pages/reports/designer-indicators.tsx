import { Button, Checkbox, Input, InputNumber, Select } from "antd";
import {
  VALUE_TYPES,
  type DesignDefinition,
  type DesignIndicator,
} from "../../api/report-designer.ts";
import type { FieldProblem } from "../../api/client.ts";
import { useT, type MessageKey } from "../../i18n/index.tsx";
import { moveAt, optionalText, removeAt, replaceAt } from "./designer-editing.ts";
import { DesignerField } from "./designer-field.tsx";
import { problemsAt } from "./designer-problems.ts";
import { DesignerRow } from "./designer-row-tools.tsx";

type Form = DesignDefinition["forms"][number];

type DesignerIndicatorsProps = {
  form: Form;
  /** The form's pointer, `/forms/0`. */
  path: string;
  categories: DesignDefinition["categories"];
  readOnly: boolean;
  problems: FieldProblem[];
  onEdit: (path: string, form: Form) => void;
  onReshape: (form: Form) => void;
};

const NUMERIC = new Set(["integer", "number", "percent"]);

/**
 * The indicators (chỉ tiêu) of one data form: code, name, type, unit, range, disaggregation,
 * required, and a formula for a computed one (left empty, the indicator is entered).
 */
export function DesignerIndicators(props: DesignerIndicatorsProps) {
  const { form, path, categories, readOnly, problems, onEdit, onReshape } = props;
  const t = useT();
  const indicators = form.indicators;
  return (
    <>
      {indicators.map((indicator, i) => {
        const at = `${path}/indicators/${i}`;
        const set = (field: keyof DesignIndicator, next: DesignIndicator) =>
          onEdit(`${at}/${field}`, { ...form, indicators: replaceAt(indicators, i, next) });
        const numeric = NUMERIC.has(indicator.type);
        return (
          <DesignerRow
            key={i}
            legend={t("designer.indicatorN", { n: i + 1, form: form.code })}
            readOnly={readOnly}
            index={i}
            count={indicators.length}
            onMove={(delta) => onReshape({ ...form, indicators: moveAt(indicators, i, delta) })}
            onRemove={() => onReshape({ ...form, indicators: removeAt(indicators, i) })}
          >
            <DesignerField
              label={t("designer.code")}
              problems={problemsAt(problems, `${at}/code`)}
              width={140}
            >
              {(control) => (
                <Input
                  {...control}
                  value={indicator.code}
                  readOnly={readOnly}
                  onChange={(e) => set("code", { ...indicator, code: e.target.value })}
                />
              )}
            </DesignerField>
            <DesignerField
              label={t("designer.indicatorName")}
              problems={problemsAt(problems, `${at}/name`)}
              width={260}
            >
              {(control) => (
                <Input
                  {...control}
                  value={indicator.name}
                  readOnly={readOnly}
                  onChange={(e) => set("name", { ...indicator, name: e.target.value })}
                />
              )}
            </DesignerField>
            <DesignerField
              label={t("designer.valueType")}
              problems={problemsAt(problems, `${at}/type`)}
              width={150}
            >
              {(control) => (
                <Select
                  {...control}
                  value={indicator.type}
                  disabled={readOnly}
                  options={VALUE_TYPES.map((type) => ({
                    value: type,
                    label: t(`designer.valueType.${type}` as MessageKey),
                  }))}
                  onChange={(type) =>
                    set(
                      "type",
                      NUMERIC.has(type)
                        ? { ...indicator, type }
                        : { ...indicator, type, min: undefined, max: undefined },
                    )
                  }
                />
              )}
            </DesignerField>
            <DesignerField
              label={t("designer.unit")}
              problems={problemsAt(problems, `${at}/unit`)}
              width={100}
            >
              {(control) => (
                <Input
                  {...control}
                  value={indicator.unit ?? ""}
                  readOnly={readOnly}
                  onChange={(e) =>
                    set("unit", { ...indicator, unit: optionalText(e.target.value) })
                  }
                />
              )}
            </DesignerField>
            {(["min", "max"] as const).map((bound) => (
              <DesignerField
                key={bound}
                label={t(bound === "min" ? "designer.min" : "designer.max")}
                problems={problemsAt(problems, `${at}/${bound}`)}
                width={110}
              >
                {(control) => (
                  <InputNumber
                    {...control}
                    style={{ width: "100%" }}
                    value={indicator[bound] ?? null}
                    readOnly={readOnly}
                    disabled={!numeric && indicator[bound] === undefined}
                    onChange={(value) =>
                      set(bound, { ...indicator, [bound]: value === null ? undefined : value })
                    }
                  />
                )}
              </DesignerField>
            ))}
            <DesignerField
              label={t("designer.indicatorCategories")}
              problems={problemsAt(problems, `${at}/categories`)}
              width={220}
            >
              {(control) => (
                <Select
                  {...control}
                  mode="multiple"
                  value={indicator.categories ?? []}
                  disabled={readOnly}
                  options={categories.map((c) => ({ value: c.code, label: c.name || c.code }))}
                  onChange={(codes: string[]) =>
                    set("categories", {
                      ...indicator,
                      categories: codes.length > 0 ? codes : undefined,
                    })
                  }
                />
              )}
            </DesignerField>
            <DesignerField
              label={t("designer.formula")}
              problems={problemsAt(problems, `${at}/formula`)}
              width={260}
            >
              {(control) => (
                <Input
                  {...control}
                  placeholder={t("designer.formulaPlaceholder")}
                  value={indicator.formula ?? ""}
                  readOnly={readOnly}
                  onChange={(e) =>
                    set("formula", { ...indicator, formula: optionalText(e.target.value) })
                  }
                />
              )}
            </DesignerField>
            <Checkbox
              style={{ paddingTop: 22 }}
              checked={indicator.required ?? false}
              disabled={readOnly || indicator.formula !== undefined}
              onChange={(e) => set("required", { ...indicator, required: e.target.checked })}
            >
              {t("designer.required")}
            </Checkbox>
          </DesignerRow>
        );
      })}
      {readOnly ? null : (
        <Button
          onClick={() =>
            onReshape({
              ...form,
              indicators: [...indicators, { code: "", name: "", type: "integer", min: 0 }],
            })
          }
        >
          {t("designer.addIndicator", { form: form.code })}
        </Button>
      )}
    </>
  );
}
