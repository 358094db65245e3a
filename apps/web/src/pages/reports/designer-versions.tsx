import { Button, Table, Tag } from "antd";
import type { TemplateVersion } from "../../api/report-designer.ts";
import { formatDateTime } from "../../components/format.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

type DesignerVersionsProps = {
  versions: TemplateVersion[];
  onView: (version: TemplateVersion) => void;
};

/** The template's versions, newest first; a published one opens read-only (it never changes). */
export function DesignerVersions({ versions, onView }: DesignerVersionsProps) {
  const t = useT();
  const { language } = useLanguage();
  if (versions.length === 0) return null;
  return (
    <SectionCard title={t("designer.versions")}>
      <Table<TemplateVersion>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={versions}
        columns={[
          { title: t("reports.templateVersion"), dataIndex: "version" },
          {
            title: t("reports.status"),
            render: (_, v) =>
              v.status === "published" ? (
                <Tag color="green">{t("designer.published")}</Tag>
              ) : (
                <Tag color="gold">{t("designer.draft")}</Tag>
              ),
          },
          {
            title: t("designer.publishedAt"),
            render: (_, v) => formatDateTime(v.publishedAt, language),
          },
          { title: t("designer.author"), dataIndex: "createdBy" },
          {
            title: t("common.actions"),
            render: (_, v) =>
              v.status === "published" ? (
                <Button
                  size="small"
                  aria-label={t("designer.viewVersion", { version: v.version })}
                  onClick={() => onView(v)}
                >
                  {t("designer.view")}
                </Button>
              ) : null,
          },
        ]}
      />
    </SectionCard>
  );
}
