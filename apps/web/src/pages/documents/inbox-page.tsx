import { InboxOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Typography, Upload } from "antd";
import { Link } from "react-router";
import { uploadPackage } from "../../api/documents.ts";
import { useSession } from "../../auth/session.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { key } from "./labels.ts";

/**
 * Nhận gói tin: a clerk hands in an edXML package that came outside the platform (by mail, on a
 * disk); the server checks its signatures as for any delivery and files the document.
 */
export default function InboxPage() {
  const t = useT();
  const { language } = useLanguage();
  const csrf = useSession().data?.csrfToken ?? "";
  const queryClient = useQueryClient();
  const receive = useMutation({
    mutationFn: (file: File) => uploadPackage(file, { csrf, language }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["documents"] }),
  });
  const outcome = receive.data;
  return (
    <>
      <PageHeader title={t("documents.inbox.title")} />
      <Typography.Paragraph>{t("documents.inbox.intro")}</Typography.Paragraph>
      <ProblemAlert error={receive.error} />
      {outcome ? (
        <Alert
          role="status"
          showIcon
          style={{ marginBottom: 16 }}
          type={outcome.outcome === "rejected" ? "error" : "success"}
          title={t(key("documents.inbox", outcome.outcome))}
          description={
            <>
              {outcome.reason ? <div>{outcome.reason[language]}</div> : null}
              {(outcome.documents ?? []).map((d) => (
                <div key={d.id}>
                  <Link to={`/documents/${d.id}`}>{t("documents.inbox.open")}</Link>
                </div>
              ))}
            </>
          }
        />
      ) : null}
      <Upload.Dragger
        accept=".xml,application/xml,text/xml"
        multiple={false}
        showUploadList={false}
        disabled={receive.isPending}
        beforeUpload={(file) => {
          receive.mutate(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t("documents.inbox.upload")}</p>
        <p className="ant-upload-hint">{t("documents.inbox.hint")}</p>
      </Upload.Dragger>
    </>
  );
}
