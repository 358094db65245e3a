import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Popconfirm, Table, Typography, Upload } from "antd";
import {
  ATTACHMENT_EXTENSIONS,
  fetchReportAttachments,
  removeReportAttachment,
  reportAttachmentUrl,
  uploadReportAttachment,
  type ReportAttachment,
} from "../../api/report-attachments.ts";
import type { ReportView } from "../../api/reports.ts";
import { formatDateTime, formatSize } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

/**
 * Tài liệu đính kèm: the files a unit sends with its report (a decision, a table, a scan). The
 * server says whether the person may add or remove them now — the unit's own, while the report is
 * a draft or returned; after that they are read only, like the figures.
 */
export function ReportAttachments({ report }: { report: ReportView }) {
  // A submission or a return starts the card afresh: a refused upload's message is about the
  // draft, and would otherwise stay on a card that no longer offers to upload.
  return <AttachmentsCard key={`${report.status}:${report.version}`} report={report} />;
}

function AttachmentsCard({ report }: { report: ReportView }) {
  const t = useT();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  // Status and version in the key: a submission or a return changes who may change the files.
  const queryKey = ["report-attachments", report.id, report.status, report.version];
  const attachments = useQuery({ queryKey, queryFn: () => fetchReportAttachments(report.id) });
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  // Files picked together go one after another; each refusal is kept with its file's name, so
  // one refused file among several is not hidden by the next one's success.
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const refused: { name: string; error: unknown }[] = [];
      for (const file of files)
        await uploadReportAttachment(report.id, file).catch((error: unknown) => {
          refused.push({ name: file.name, error });
        });
      return refused;
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (attachment: ReportAttachment) => removeReportAttachment(report.id, attachment.id),
    onSettled: refresh,
  });
  const editable = attachments.data?.editable ?? false;

  return (
    <SectionCard
      title={t("reports.attachments.title")}
      extra={
        editable ? (
          <Upload
            accept={ATTACHMENT_EXTENSIONS}
            multiple
            showUploadList={false}
            beforeUpload={(file, picked) => {
              if (file === picked[0]) upload.mutate(picked);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending}>
              {t("reports.attachments.add")}
            </Button>
          </Upload>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">
        {editable ? t("reports.attachments.hint") : t("reports.attachments.hintReadOnly")}
      </Typography.Paragraph>
      <ProblemAlert error={attachments.error ?? upload.error ?? remove.error} />
      {(upload.data ?? []).map((refused, i) => (
        <div key={i}>
          <Typography.Text strong>{refused.name}</Typography.Text>
          <ProblemAlert error={refused.error} />
        </div>
      ))}
      <Table<ReportAttachment>
        rowKey="id"
        size="small"
        pagination={false}
        loading={attachments.isPending}
        dataSource={attachments.data?.items ?? []}
        locale={{ emptyText: t("reports.attachments.empty") }}
        columns={[
          {
            key: "name",
            title: t("reports.attachments.name"),
            render: (_, file) => (
              <a href={reportAttachmentUrl(report.id, file.id)} download={file.name}>
                <PaperClipOutlined /> {file.name}
              </a>
            ),
          },
          {
            key: "size",
            title: t("reports.attachments.size"),
            align: "right",
            render: (_, file) => formatSize(file.size, language),
          },
          { key: "by", title: t("reports.attachments.uploadedBy"), dataIndex: "uploadedBy" },
          {
            key: "at",
            title: t("reports.attachments.uploadedAt"),
            render: (_, file) => formatDateTime(file.uploadedAt, language),
          },
          ...(editable
            ? [
                {
                  key: "remove",
                  title: t("common.actions"),
                  render: (_: unknown, file: ReportAttachment) => (
                    <Popconfirm
                      title={t("reports.attachments.removeConfirm", { name: file.name })}
                      okText={t("reports.attachments.remove")}
                      cancelText={t("common.cancel")}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove.mutate(file)}
                    >
                      <Button
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={t("reports.attachments.removeNamed", { name: file.name })}
                        loading={remove.isPending && remove.variables.id === file.id}
                      />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </SectionCard>
  );
}
