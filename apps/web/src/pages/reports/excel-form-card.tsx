import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Space, Typography, Upload } from "antd";
import { reportFormUrl, uploadReportForm, type ReportView } from "../../api/reports.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { ProblemList } from "./problem-list.tsx";

/**
 * Filling the report offline: download the Excel form pre-filled with what is stored, fill it in
 * Excel, upload it. The upload is stored whole or not at all; each refused value is named by its
 * sheet and cell.
 */
export function ExcelFormCard({ report, readOnly }: { report: ReportView; readOnly: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const upload = useMutation({
    mutationFn: (file: Blob) => uploadReportForm(report.id, file),
    onSuccess: (view) => queryClient.setQueryData(["report", report.id], view),
  });
  return (
    <SectionCard title={t("reports.excel.title")}>
      <Typography.Paragraph type="secondary">
        {readOnly ? t("reports.excel.hintReadOnly") : t("reports.excel.hint")}
      </Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={reportFormUrl(report.id)}>
          {t("reports.excel.download")}
        </Button>
        {readOnly ? null : (
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending}>
              {t("reports.excel.upload")}
            </Button>
          </Upload>
        )}
      </Space>
      <div style={{ marginTop: 16 }}>
        <ProblemList error={upload.error} />
        {upload.isSuccess ? (
          <Alert role="status" type="success" showIcon title={t("reports.excel.stored")} />
        ) : null}
      </div>
    </SectionCard>
  );
}
