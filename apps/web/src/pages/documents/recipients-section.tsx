import { Table, Tag, Timeline, Typography, type TableColumnsType } from "antd";
import type { DocumentRecipient, RecipientStatus } from "../../api/documents.ts";
import { formatDateTime } from "../../components/format.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT, type Translate } from "../../i18n/index.tsx";
import { deliveryColors, key, RECIPIENT_STATUS_CODES } from "./labels.ts";

const knownCodes = new Set<string>(RECIPIENT_STATUS_CODES);

/** "03 — Đã tiếp nhận"; an unknown code as the recipient sent it. */
function statusLabel(code: string, t: Translate) {
  return knownCodes.has(code) ? `${code} — ${t(key("recipientStatus", code))}` : code;
}

function StatusTimeline({ timeline }: { timeline: RecipientStatus[] }) {
  const t = useT();
  const { language } = useLanguage();
  if (timeline.length === 0)
    return <Typography.Text type="secondary">{t("documents.recipients.noStatus")}</Typography.Text>;
  return (
    <Timeline
      items={timeline.map((s) => ({
        key: `${s.code}-${s.at}`,
        title: formatDateTime(s.at, language),
        content: (
          <>
            <Typography.Text strong>{statusLabel(s.code, t)}</Typography.Text>
            {s.staff ? ` — ${s.staff}` : ""}
            {s.description ? (
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {s.description}
              </Typography.Paragraph>
            ) : null}
          </>
        ),
      }))}
    />
  );
}

/** Nơi nhận: each agency, whether the package reached it, and the statuses it reported. */
export function RecipientsSection({ recipients }: { recipients: DocumentRecipient[] }) {
  const t = useT();
  const { language } = useLanguage();
  const columns: TableColumnsType<DocumentRecipient> = [
    {
      title: t("documents.recipients.agency"),
      key: "agency",
      render: (_: unknown, r: DocumentRecipient) =>
        r.orgCode ? `${r.orgName} (${r.orgCode})` : r.orgName,
    },
    {
      title: t("documents.recipients.delivery"),
      dataIndex: "delivery",
      width: 160,
      render: (v: DocumentRecipient["delivery"]) => (
        <Tag color={deliveryColors[v]}>{t(key("delivery", v))}</Tag>
      ),
    },
    {
      title: t("documents.recipients.status"),
      key: "status",
      width: 260,
      render: (_: unknown, r: DocumentRecipient) =>
        r.statusCode ? (
          <>
            {statusLabel(r.statusCode, t)}
            <Typography.Text type="secondary" style={{ display: "block" }}>
              {formatDateTime(r.statusAt, language)}
            </Typography.Text>
          </>
        ) : (
          "—"
        ),
    },
  ];
  return (
    <SectionCard title={t("documents.recipients.title")}>
      <Table<DocumentRecipient>
        rowKey="id"
        columns={columns}
        dataSource={recipients}
        pagination={false}
        size="middle"
        expandable={{
          expandedRowRender: (r) => <StatusTimeline timeline={r.timeline} />,
          defaultExpandAllRows: true,
        }}
      />
    </SectionCard>
  );
}
