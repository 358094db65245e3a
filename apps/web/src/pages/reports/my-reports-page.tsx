import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, Table, Typography } from "antd";
import { useNavigate } from "react-router";
import {
  fetchActiveRegimes,
  fetchSchedule,
  openReport,
  type ExpectedReport,
  type Regime,
} from "../../api/reports.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { formatDate, listedPeriods, vietnamToday } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { ReportStatusTag } from "./labels.tsx";
import { ReminderList } from "./reminder-list.tsx";

type Row = ExpectedReport & { regime: Regime };

/**
 * Every report the signed-in person's unit owes this year (in Vietnam), and next year's already
 * begun, over all regimes in force.
 */
async function fetchMySchedule(organizationId: string): Promise<Row[]> {
  const window = listedPeriods(0);
  const regimes = await fetchActiveRegimes();
  const schedules = await Promise.all(
    regimes.map(async (regime) =>
      (
        await fetchSchedule(regime.id, {
          from: window.from,
          to: window.to,
          organizationId,
        })
      )
        .filter((item) => item.organization.id === organizationId && window.listed(item))
        .map((item) => ({ ...item, regime })),
    ),
  );
  return schedules.flat().sort((a, b) => b.deadline.localeCompare(a.deadline));
}

/** Báo cáo của tôi: the unit's expected reports with their window, deadline and standing. */
export default function MyReportsPage() {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const reportProblem = useReportProblem();
  const schedule = useQuery({
    queryKey: ["reports", "mine", me.organization.id],
    queryFn: () => fetchMySchedule(me.organization.id),
  });
  const open = useMutation({
    mutationFn: (row: Row) =>
      openReport({
        regimeId: row.regime.id,
        organizationId: row.organization.id,
        periodId: row.periodId,
      }),
    onSuccess: (report) => void navigate(`/reports/${report.id}`),
    onError: reportProblem,
  });

  return (
    <>
      <PageHeader title={t("reports.mine.title")} />
      <Typography.Paragraph type="secondary">
        {t("reports.mine.intro", { organization: me.organization.name })}
      </Typography.Paragraph>
      <ProblemAlert error={schedule.error} />
      <Table<Row>
        rowKey={(row) => `${row.regime.id}/${row.periodId}`}
        loading={schedule.isPending}
        dataSource={schedule.data ?? []}
        pagination={false}
        locale={{ emptyText: t("reports.mine.empty") }}
        columns={[
          { title: t("reports.regime"), render: (_, row) => row.regime.name },
          { title: t("reports.period"), dataIndex: "periodId" },
          {
            title: t("reports.window"),
            render: (_, row) =>
              `${formatDate(row.start, language)} – ${formatDate(row.end, language)}`,
          },
          {
            title: t("reports.deadline"),
            render: (_, row) => formatDate(row.deadline, language),
          },
          {
            title: t("reports.status"),
            render: (_, row) => <ReportStatusTag status={row.status} />,
          },
          {
            title: t("common.actions"),
            render: (_, row) => (
              <Button
                size="small"
                aria-label={t("reports.mine.openLabel", {
                  period: row.periodId,
                  regime: row.regime.code,
                })}
                loading={open.isPending && open.variables === row}
                disabled={row.status === "upcoming" && row.start > vietnamToday()}
                onClick={() => open.mutate(row)}
              >
                {t("reports.mine.open")}
              </Button>
            ),
          },
        ]}
      />
      <ReminderList />
    </>
  );
}
