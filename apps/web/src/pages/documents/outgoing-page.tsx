import { EditOutlined } from "@ant-design/icons";
import { LinkButton } from "../../components/link-button.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { useT } from "../../i18n/index.tsx";
import { DocumentList } from "./document-list.tsx";

/** Văn bản đi: the organization's drafts and issued documents. */
export default function OutgoingPage() {
  const t = useT();
  return (
    <>
      <PageHeader
        title={t("documents.outgoing.title")}
        extra={
          <LinkButton to="/documents/new" type="primary" icon={<EditOutlined />}>
            {t("documents.new.title")}
          </LinkButton>
        }
      />
      <DocumentList direction="outgoing" />
    </>
  );
}
