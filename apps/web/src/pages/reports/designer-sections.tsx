import { Button, Checkbox, Input } from "antd";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { DesignerField } from "./designer-field.tsx";
import {
  moveAt,
  optionalText,
  removeAt,
  replaceAt,
  type EditorPartProps,
} from "./designer-editing.ts";
import { problemsAt } from "./designer-problems.ts";
import { DesignerRow } from "./designer-row-tools.tsx";

/** The narrative outline (đề cương): the sections a reporting unit writes in words. */
export function DesignerSections({
  definition,
  readOnly,
  problems,
  edit,
  reshape,
}: EditorPartProps) {
  const t = useT();
  const sections = definition.sections;
  type Section = (typeof sections)[number];
  const set = (i: number, field: keyof Section, section: Section) =>
    edit(`/sections/${i}/${field}`, { ...definition, sections: replaceAt(sections, i, section) });
  return (
    <SectionCard
      title={t("designer.sections")}
      extra={
        readOnly ? null : (
          <Button
            onClick={() =>
              reshape({
                ...definition,
                sections: [...sections, { code: `MUC_${sections.length + 1}`, title: "" }],
              })
            }
          >
            {t("designer.addSection")}
          </Button>
        )
      }
    >
      {sections.length === 0 ? t("designer.noSections") : null}
      {sections.map((section, i) => {
        const path = `/sections/${i}`;
        return (
          <DesignerRow
            key={i}
            legend={t("designer.sectionN", { n: i + 1 })}
            readOnly={readOnly}
            index={i}
            count={sections.length}
            onMove={(delta) => reshape({ ...definition, sections: moveAt(sections, i, delta) })}
            onRemove={() => reshape({ ...definition, sections: removeAt(sections, i) })}
          >
            <DesignerField
              label={t("designer.code")}
              problems={problemsAt(problems, `${path}/code`)}
              width={160}
            >
              {(control) => (
                <Input
                  {...control}
                  value={section.code}
                  readOnly={readOnly}
                  onChange={(e) => set(i, "code", { ...section, code: e.target.value })}
                />
              )}
            </DesignerField>
            <DesignerField
              label={t("designer.sectionTitle")}
              problems={problemsAt(problems, `${path}/title`)}
              width={360}
            >
              {(control) => (
                <Input
                  {...control}
                  value={section.title}
                  readOnly={readOnly}
                  onChange={(e) => set(i, "title", { ...section, title: e.target.value })}
                />
              )}
            </DesignerField>
            <DesignerField
              label={t("designer.guidance")}
              problems={problemsAt(problems, `${path}/guidance`)}
              width={360}
            >
              {(control) => (
                <Input.TextArea
                  {...control}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  value={section.guidance ?? ""}
                  readOnly={readOnly}
                  onChange={(e) =>
                    set(i, "guidance", { ...section, guidance: optionalText(e.target.value) })
                  }
                />
              )}
            </DesignerField>
            <Checkbox
              style={{ paddingTop: 22 }}
              checked={section.required ?? false}
              disabled={readOnly}
              onChange={(e) => set(i, "required", { ...section, required: e.target.checked })}
            >
              {t("designer.required")}
            </Checkbox>
          </DesignerRow>
        );
      })}
    </SectionCard>
  );
}
