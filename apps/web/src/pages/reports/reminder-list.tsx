import { useQuery } from "@tanstack/react-query";
import { Table, Tag, Typography } from "antd";
import { Link } from "react-router";
import {
  fetchMyReminders,
  type ReminderKind,
  type ReportReminder,
} from "../../api/report-reminders.ts";
import { formatDate } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

const kindColors: Record<ReminderKind, string> = {
  due_soon: "gold",
  late: "red",
  manual: "volcano",
  requested: "blue",
};

/** Nhắc nhở: the recent reminders the signed-in reporting officer received, newest first. */
export function ReminderList() {
  const t = useT();
  const { language } = useLanguage();
  const reminders = useQuery({
    queryKey: ["report-reminders", "mine"],
    queryFn: () => fetchMyReminders(),
  });
  return (
    <section aria-labelledby="report-reminders-title" style={{ marginTop: 24 }}>
      <Typography.Title level={4} id="report-reminders-title">
        {t("reports.reminders.title")}
      </Typography.Title>
      <ProblemAlert error={reminders.error} />
      <Table<ReportReminder>
        rowKey="id"
        size="small"
        loading={reminders.isPending}
        dataSource={reminders.data ?? []}
        pagination={false}
        locale={{ emptyText: t("reports.reminders.empty") }}
        columns={[
          { title: t("reports.reminders.day"), render: (_, r) => formatDate(r.day, language) },
          {
            title: t("reports.reminders.kind"),
            render: (_, r) => (
              <Tag color={kindColors[r.kind]}>{t(`reports.reminders.kind.${r.kind}`)}</Tag>
            ),
          },
          { title: t("reports.regime"), render: (_, r) => r.regime.name },
          { title: t("reports.period"), dataIndex: "periodId" },
          { title: t("reports.deadline"), render: (_, r) => formatDate(r.deadline, language) },
          {
            title: t("reports.reminders.message"),
            render: (_, r) =>
              r.message ? (
                <>
                  {r.message}
                  {r.sentBy ? (
                    <Typography.Text type="secondary">
                      {" — "}
                      {t("reports.reminders.sentBy", { name: r.sentBy })}
                    </Typography.Text>
                  ) : null}
                </>
              ) : null,
          },
          {
            title: t("common.actions"),
            render: (_, r) => <Link to={r.link}>{t("reports.reminders.open")}</Link>,
          },
        ]}
      />
    </section>
  );
}
