import { useQuery } from "@tanstack/react-query";
import { Descriptions, List, Typography } from "antd";
import { fetchHandling } from "../../api/documents.ts";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

/** Xử lý: the leader's direction and assignment, and the handlers' comments. */
export function HandlingSection({ documentId }: { documentId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const handling = useQuery({
    queryKey: ["document-handling", documentId],
    queryFn: () => fetchHandling(documentId),
  });
  const assignment = handling.data?.assignment;
  return (
    <SectionCard title={t("documents.handling.title")}>
      <ProblemAlert error={handling.error} />
      {assignment ? (
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            {
              key: "direction",
              label: t("documents.handling.direction"),
              children: assignment.direction ?? "—",
            },
            {
              key: "main",
              label: t("documents.handling.main"),
              children: assignment.mainUser?.name ?? assignment.mainUnit?.name ?? "—",
            },
            {
              key: "co",
              label: t("documents.handling.coHandlers"),
              children: assignment.coHandlers.map((c) => c.name).join(", ") || "—",
            },
            {
              key: "due",
              label: t("documents.dueDate"),
              children: formatDate(assignment.dueDate, language),
            },
            {
              key: "by",
              label: t("documents.handling.assignedBy"),
              children: `${assignment.assignedBy} · ${formatDateTime(assignment.assignedAt, language)}`,
            },
          ]}
        />
      ) : (
        <Typography.Paragraph type="secondary">
          {t("documents.handling.notAssigned")}
        </Typography.Paragraph>
      )}
      {handling.data && handling.data.comments.length > 0 ? (
        <List
          style={{ marginTop: 16 }}
          header={<Typography.Text strong>{t("documents.handling.comments")}</Typography.Text>}
          dataSource={handling.data.comments}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={`${c.author} · ${formatDateTime(c.createdAt, language)}`}
                description={<span style={{ whiteSpace: "pre-line" }}>{c.body}</span>}
              />
            </List.Item>
          )}
        />
      ) : null}
    </SectionCard>
  );
}
