import { UploadOutlined } from "@ant-design/icons";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { useT } from "../../i18n/index.tsx";
import { DocumentList } from "./document-list.tsx";

/** Văn bản đến: what arrived for the organization, and where each stands. */
export default function IncomingPage() {
  const t = useT();
  const me = useCurrentUser();
  return (
    <>
      <PageHeader
        title={t("documents.incoming.title")}
        extra={
          hasRole(me, "clerk", "org_admin") ? (
            <LinkButton to="/documents/inbox" icon={<UploadOutlined />}>
              {t("documents.inbox.title")}
            </LinkButton>
          ) : null
        }
      />
      <DocumentList direction="incoming" />
    </>
  );
}
