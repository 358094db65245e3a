import { Button, Input, Typography } from "antd";
import type { DesignDefinition } from "../../api/report-designer.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { moveAt, removeAt, replaceAt, type EditorPartProps } from "./designer-editing.ts";
import { DesignerField } from "./designer-field.tsx";
import { DesignerIndicators } from "./designer-indicators.tsx";
import { problemsAt, problemsExactly } from "./designer-problems.ts";
import { DesignerRow } from "./designer-row-tools.tsx";

type Form = DesignDefinition["forms"][number];

/** The data forms (biểu mẫu), each with its indicators. */
export function DesignerForms({ definition, readOnly, problems, edit, reshape }: EditorPartProps) {
  const t = useT();
  const forms = definition.forms;
  const setForm = (path: string, f: number, form: Form) =>
    edit(path, { ...definition, forms: replaceAt(forms, f, form) });
  const reshapeForm = (f: number, form: Form) =>
    reshape({ ...definition, forms: replaceAt(forms, f, form) });
  const ownProblems = problemsExactly(problems, "/forms");
  return (
    <SectionCard
      title={t("designer.forms")}
      extra={
        readOnly ? null : (
          <Button
            onClick={() =>
              reshape({
                ...definition,
                forms: [
                  ...forms,
                  {
                    code: `BIEU_${String(forms.length + 1).padStart(2, "0")}`,
                    title: "",
                    indicators: [],
                  },
                ],
              })
            }
          >
            {t("designer.addForm")}
          </Button>
        )
      }
    >
      {ownProblems.length > 0 ? (
        <Typography.Paragraph type="danger" role="alert">
          {ownProblems.join("; ")}
        </Typography.Paragraph>
      ) : null}
      {forms.length === 0 ? t("designer.noForms") : null}
      {forms.map((form, f) => {
        const path = `/forms/${f}`;
        return (
          <DesignerRow
            key={f}
            legend={t("designer.formN", { n: f + 1 })}
            readOnly={readOnly}
            index={f}
            count={forms.length}
            onMove={(delta) => reshape({ ...definition, forms: moveAt(forms, f, delta) })}
            onRemove={() => reshape({ ...definition, forms: removeAt(forms, f) })}
          >
            <DesignerField
              label={t("designer.code")}
              problems={problemsAt(problems, `${path}/code`)}
              width={160}
            >
              {(control) => (
                <Input
                  {...control}
                  value={form.code}
                  readOnly={readOnly}
                  onChange={(e) => setForm(`${path}/code`, f, { ...form, code: e.target.value })}
                />
              )}
            </DesignerField>
            <DesignerField
              label={t("designer.formTitle")}
              problems={problemsAt(problems, `${path}/title`)}
              width={480}
            >
              {(control) => (
                <Input
                  {...control}
                  value={form.title}
                  readOnly={readOnly}
                  onChange={(e) => setForm(`${path}/title`, f, { ...form, title: e.target.value })}
                />
              )}
            </DesignerField>
            <div style={{ width: "100%" }}>
              <DesignerIndicators
                form={form}
                path={path}
                categories={definition.categories}
                readOnly={readOnly}
                problems={problems}
                onEdit={(at, next) => setForm(at, f, next)}
                onReshape={(next) => reshapeForm(f, next)}
              />
            </div>
          </DesignerRow>
        );
      })}
    </SectionCard>
  );
}
