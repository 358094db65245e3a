import { Tag } from "antd";
import type { ReportStatus, ScheduleStatus } from "../../api/reports.ts";
import type { MessageKey } from "../../i18n/index.tsx";
import { useT } from "../../i18n/index.tsx";

const statusColors: Record<ScheduleStatus, string | undefined> = {
  upcoming: undefined,
  open: "blue",
  late: "red",
  draft: "gold",
  submitted: "cyan",
  returned: "orange",
  accepted: "green",
};

/** The standing of an expected report or of a report, as a coloured tag. */
export function ReportStatusTag({ status }: { status: ScheduleStatus | ReportStatus }) {
  const t = useT();
  return <Tag color={statusColors[status]}>{t(`reportStatus.${status}` as MessageKey)}</Tag>;
}
