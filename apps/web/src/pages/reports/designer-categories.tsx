import { Button, Flex, Input, Typography } from "antd";
import type { Category } from "../../api/reports.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { moveAt, removeAt, replaceAt, type EditorPartProps } from "./designer-editing.ts";
import { DesignerField } from "./designer-field.tsx";
import { problemsAt, problemsExactly } from "./designer-problems.ts";
import { DesignerRow, RowTools } from "./designer-row-tools.tsx";

/** Disaggregation categories (phân tổ) with their options, shared by the forms' indicators. */
export function DesignerCategories(props: EditorPartProps) {
  const { definition, readOnly, edit, reshape } = props;
  const t = useT();
  const categories = definition.categories;
  const setCategory = (i: number, path: string, category: Category) =>
    edit(path, { ...definition, categories: replaceAt(categories, i, category) });
  const reshapeCategory = (i: number, category: Category) =>
    reshape({ ...definition, categories: replaceAt(categories, i, category) });
  return (
    <SectionCard
      title={t("designer.categories")}
      extra={
        readOnly ? null : (
          <Button
            onClick={() =>
              reshape({
                ...definition,
                categories: [
                  ...categories,
                  { code: `PHAN_TO_${categories.length + 1}`, name: "", options: [] },
                ],
              })
            }
          >
            {t("designer.addCategory")}
          </Button>
        )
      }
    >
      {categories.length === 0 ? t("designer.noCategories") : null}
      {categories.map((category, i) => (
        <DesignerRow
          key={i}
          legend={t("designer.categoryN", { n: i + 1 })}
          readOnly={readOnly}
          index={i}
          count={categories.length}
          onMove={(delta) => reshape({ ...definition, categories: moveAt(categories, i, delta) })}
          onRemove={() => reshape({ ...definition, categories: removeAt(categories, i) })}
        >
          <CategoryFields
            {...props}
            index={i}
            category={category}
            onEdit={(path, next) => setCategory(i, path, next)}
            onReshape={(next) => reshapeCategory(i, next)}
          />
        </DesignerRow>
      ))}
    </SectionCard>
  );
}

type CategoryFieldsProps = EditorPartProps & {
  index: number;
  category: Category;
  onEdit: (path: string, category: Category) => void;
  onReshape: (category: Category) => void;
};

function CategoryFields({
  index,
  category,
  readOnly,
  problems,
  onEdit,
  onReshape,
}: CategoryFieldsProps) {
  const t = useT();
  const path = `/categories/${index}`;
  const options = category.options;
  const listProblems = problemsExactly(problems, `${path}/options`);
  return (
    <>
      <DesignerField
        label={t("designer.code")}
        problems={problemsAt(problems, `${path}/code`)}
        width={160}
      >
        {(control) => (
          <Input
            {...control}
            value={category.code}
            readOnly={readOnly}
            onChange={(e) => onEdit(`${path}/code`, { ...category, code: e.target.value })}
          />
        )}
      </DesignerField>
      <DesignerField
        label={t("designer.categoryName")}
        problems={problemsAt(problems, `${path}/name`)}
        width={240}
      >
        {(control) => (
          <Input
            {...control}
            value={category.name}
            readOnly={readOnly}
            onChange={(e) => onEdit(`${path}/name`, { ...category, name: e.target.value })}
          />
        )}
      </DesignerField>
      <Flex vertical gap={4} style={{ flex: "1 1 420px" }}>
        <Typography.Text style={{ fontSize: 12 }}>{t("designer.options")}</Typography.Text>
        {options.map((option, j) => {
          const name = t("designer.optionN", { n: j + 1, category: category.code });
          const setOption = (field: "code" | "name", value: string) =>
            onEdit(`${path}/options/${j}/${field}`, {
              ...category,
              options: replaceAt(options, j, { ...option, [field]: value }),
            });
          return (
            <Flex key={j} gap={8} align="flex-start" role="group" aria-label={name}>
              <DesignerField
                label={t("designer.optionCode")}
                problems={problemsAt(problems, `${path}/options/${j}/code`)}
                width={140}
              >
                {(control) => (
                  <Input
                    {...control}
                    value={option.code}
                    readOnly={readOnly}
                    onChange={(e) => setOption("code", e.target.value)}
                  />
                )}
              </DesignerField>
              <DesignerField
                label={t("designer.optionName")}
                problems={problemsAt(problems, `${path}/options/${j}/name`)}
                width={220}
              >
                {(control) => (
                  <Input
                    {...control}
                    value={option.name}
                    readOnly={readOnly}
                    onChange={(e) => setOption("name", e.target.value)}
                  />
                )}
              </DesignerField>
              {readOnly ? null : (
                <div style={{ paddingTop: 18 }}>
                  <RowTools
                    name={name}
                    index={j}
                    count={options.length}
                    onMove={(delta) =>
                      onReshape({ ...category, options: moveAt(options, j, delta) })
                    }
                    onRemove={() => onReshape({ ...category, options: removeAt(options, j) })}
                  />
                </div>
              )}
            </Flex>
          );
        })}
        {listProblems.length > 0 ? (
          <Typography.Text type="danger" role="alert" style={{ fontSize: 12 }}>
            {listProblems.join("; ")}
          </Typography.Text>
        ) : null}
        {readOnly ? null : (
          <Button
            size="small"
            style={{ alignSelf: "flex-start" }}
            onClick={() =>
              onReshape({ ...category, options: [...options, { code: "", name: "" }] })
            }
          >
            {t("designer.addOption")}
          </Button>
        )}
      </Flex>
    </>
  );
}
