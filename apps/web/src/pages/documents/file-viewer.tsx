import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, List, Spin, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { fetchFileBlob, fileUrl, type DocumentDetail } from "../../api/documents.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { key } from "./labels.ts";

/**
 * The main file in the browser's PDF viewer, and every file to download. The server answers files
 * as attachments (downloads), so the viewer shows the fetched bytes through a `blob:` address.
 */
export function FileViewer({ document }: { document: DocumentDetail }) {
  const t = useT();
  const { language } = useLanguage();
  const main = document.files.find((f) => f.id === document.mainFileId);
  const isPdf = main?.contentType === "application/pdf";
  const bytes = useQuery({
    queryKey: ["document-file", document.id, main?.id],
    queryFn: () => fetchFileBlob(document.id, main!.id),
    enabled: Boolean(main && isPdf),
    staleTime: Infinity,
  });
  const blobUrl = useMemo(
    () =>
      bytes.data ? URL.createObjectURL(new Blob([bytes.data], { type: "application/pdf" })) : null,
    [bytes.data],
  );
  useEffect(() => {
    if (!blobUrl) return;
    return () => URL.revokeObjectURL(blobUrl);
  }, [blobUrl]);

  return (
    <SectionCard
      title={t("documents.file.title")}
      extra={
        main ? (
          <Button icon={<DownloadOutlined />} href={fileUrl(document.id, main.id)} download>
            {t("documents.file.download")}
          </Button>
        ) : null
      }
    >
      {!main ? (
        <Alert type="info" showIcon title={t("documents.file.none")} />
      ) : !isPdf ? (
        <Alert type="info" showIcon title={t("documents.file.notPdf", { name: main.name })} />
      ) : (
        <>
          <ProblemAlert error={bytes.error} />
          {blobUrl ? (
            <iframe
              src={blobUrl}
              title={t("documents.file.viewer", { name: main.name })}
              data-file-id={main.id}
              style={{ width: "100%", height: 640, border: "1px solid #d9d9d9" }}
            />
          ) : bytes.isPending ? (
            <Spin aria-label={t("common.loading")} />
          ) : null}
        </>
      )}
      {document.files.length > 0 ? (
        <List
          style={{ marginTop: 16 }}
          size="small"
          header={<Typography.Text strong>{t("documents.file.all")}</Typography.Text>}
          dataSource={document.files}
          renderItem={(f) => (
            <List.Item
              extra={
                <Typography.Text type="secondary">
                  {formatDateTime(f.createdAt, language)}
                </Typography.Text>
              }
            >
              <a href={fileUrl(document.id, f.id)} download>
                {f.name}
              </a>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {t(key("fileRole", f.role))} · {Math.ceil(f.size / 1024)} KB
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : null}
    </SectionCard>
  );
}
