import { useQuery } from "@tanstack/react-query";
import { Descriptions, Flex, Spin } from "antd";
import { useParams } from "react-router";
import { fetchDocument, type DocumentDetail } from "../../api/documents.ts";
import { formatDate } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { DocumentActions } from "./document-actions.tsx";
import { PriorityTags, StatusTag } from "./document-tags.tsx";
import { EventsTimeline } from "./events-timeline.tsx";
import { FileViewer } from "./file-viewer.tsx";
import { HandlingSection } from "./handling-section.tsx";
import { typeLabel } from "./labels.ts";
import { RecipientsSection } from "./recipients-section.tsx";
import { SignaturePanel } from "./signature-panel.tsx";

/** While recipients are still reporting, their statuses are fetched again this often. */
const ISSUED_REFRESH_MS = 10_000;

/** One document: particulars, the PDF, signatures, recipients, handling and its timeline. */
export default function DocumentPage() {
  const t = useT();
  const { id = "" } = useParams();
  const document = useQuery({
    queryKey: ["document", id],
    queryFn: () => fetchDocument(id),
    refetchInterval: (query) => (query.state.data?.status === "issued" ? ISSUED_REFRESH_MS : false),
  });

  if (document.error) return <ProblemAlert error={document.error} />;
  if (!document.data) return <Spin aria-label={t("common.loading")} />;
  const doc = document.data;
  return (
    <>
      <PageHeader title={doc.subject} extra={<DocumentActions document={doc} />} />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <StatusTag status={doc.status} />
        <PriorityTags document={doc} />
      </Flex>
      <Particulars document={doc} />
      <FileViewer document={doc} />
      <SignaturePanel document={doc} />
      {doc.recipients.length > 0 ? <RecipientsSection recipients={doc.recipients} /> : null}
      {doc.direction === "incoming" && doc.status !== "arrived" && doc.status !== "rejected" ? (
        <HandlingSection documentId={doc.id} />
      ) : null}
      <EventsTimeline events={doc.events} />
    </>
  );
}

function Particulars({ document: doc }: { document: DocumentDetail }) {
  const t = useT();
  const { language } = useLanguage();
  const signer = [doc.signer.competence, doc.signer.position, doc.signer.name]
    .filter(Boolean)
    .join(" ");
  return (
    <SectionCard title={t("documents.particulars")}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "symbol", label: t("documents.symbol"), children: doc.symbol ?? "—" },
          {
            key: "type",
            label: t("documents.type"),
            children: typeLabel(doc.typeCode, t),
          },
          {
            key: "date",
            label: t("documents.documentDate"),
            children: formatDate(doc.documentDate, language),
          },
          {
            key: "counterpart",
            label:
              doc.direction === "incoming" ? t("documents.sender") : t("documents.draftingUnit"),
            children:
              doc.direction === "incoming"
                ? doc.sender
                  ? `${doc.sender.name ?? ""} (${doc.sender.code})`
                  : "—"
                : (doc.draftingUnit ?? "—"),
          },
          { key: "signer", label: t("documents.signer"), children: signer || "—" },
          {
            key: "due",
            label: t("documents.dueDate"),
            children: formatDate(doc.dueDate, language),
          },
          {
            key: "summary",
            label: t("documents.summary"),
            span: "filled",
            children: doc.summary ?? "—",
          },
        ]}
      />
    </SectionCard>
  );
}
