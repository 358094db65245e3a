import { Space, Tag } from "antd";
import type { DocumentSummary } from "../../api/documents.ts";
import { useT } from "../../i18n/index.tsx";
import { key, statusColors, urgencyColors } from "./labels.ts";

export function StatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={statusColors[status]}>{t(key("documentStatus", status))}</Tag>;
}

/** Độ khẩn and độ mật, shown only when the document has them. */
export function PriorityTags({
  document,
}: {
  document: Pick<DocumentSummary, "urgency" | "confidentiality">;
}) {
  const t = useT();
  return (
    <Space size={4} wrap>
      {document.urgency !== "normal" ? (
        <Tag color={urgencyColors[document.urgency]}>{t(key("urgency", document.urgency))}</Tag>
      ) : null}
      {document.confidentiality !== "none" ? (
        <Tag color="red">{t(key("confidentiality", document.confidentiality))}</Tag>
      ) : null}
    </Space>
  );
}
