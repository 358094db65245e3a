import { Timeline, Typography } from "antd";
import type { DocumentEvent } from "../../api/documents.ts";
import { formatDateTime } from "../../components/format.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { EVENT_ACTIONS, key } from "./labels.ts";

const named = new Set<string>(EVENT_ACTIONS);

/** Diễn biến: every step of the document, oldest first, with who and when. */
export function EventsTimeline({ events }: { events: DocumentEvent[] }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <SectionCard title={t("documents.events.title")}>
      <Timeline
        items={events.map((e) => ({
          key: `${e.at}-${e.action}`,
          title: formatDateTime(e.at, language),
          content: (
            <>
              <Typography.Text strong>
                {named.has(e.action) ? t(key("documentEvent", e.action)) : e.action}
              </Typography.Text>{" "}
              — {e.actor}
              {e.note ? (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {e.note}
                </Typography.Paragraph>
              ) : null}
            </>
          ),
        }))}
      />
    </SectionCard>
  );
}
