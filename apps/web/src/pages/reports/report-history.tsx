import { Timeline, Typography } from "antd";
import type { ReportView } from "../../api/reports.ts";
import { formatDateTime } from "../../components/format.ts";
import { SectionCard } from "../../components/section-card.tsx";
import type { MessageKey } from "../../i18n/index.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { SignatureCheck } from "./signature-check.tsx";

const colors = { submitted: "blue", returned: "orange", accepted: "green" } as const;

/**
 * Every submission and decision, oldest first, with who and when; each signed submission can be
 * checked and its signature file (which holds the values it sent) downloaded.
 */
export function ReportHistory({
  reportId,
  history,
}: {
  reportId: string;
  history: ReportView["history"];
}) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <SectionCard title={t("reports.history")}>
      {history.length === 0 ? (
        <Typography.Text type="secondary">{t("reports.historyEmpty")}</Typography.Text>
      ) : (
        <Timeline
          items={history.map((entry, i) => ({
            key: i,
            color: colors[entry.action],
            title: formatDateTime(entry.at, language),
            content: (
              <>
                <Typography.Text strong>
                  {t(`reports.action.${entry.action}` as MessageKey)}
                </Typography.Text>{" "}
                {t("reports.historyLine", { version: entry.version, actor: entry.actor })}
                {entry.note ? <div>{entry.note}</div> : null}
                {entry.action === "submitted" && entry.payloadSha256 ? (
                  <div style={{ marginTop: 4 }}>
                    <SignatureCheck reportId={reportId} version={entry.version} compact />
                  </div>
                ) : null}
              </>
            ),
          }))}
        />
      )}
    </SectionCard>
  );
}
