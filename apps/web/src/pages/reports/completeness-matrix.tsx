import { Button, Space, Table, Tag, Typography } from "antd";
import type { ExpectedReport } from "../../api/reports.ts";
import { useT } from "../../i18n/index.tsx";
import { ReportStatusTag } from "./labels.tsx";

/** How many periods the matrix shows: the latest ones. */
const SHOWN_PERIODS = 12;

type Row = { key: string; unit: string; cells: Map<string, ExpectedReport> };

/** The latest periods of a schedule, oldest first. */
export function latestPeriods(schedule: ExpectedReport[], count = SHOWN_PERIODS): string[] {
  const ends = new Map(schedule.map((item) => [item.periodId, item.end]));
  return [...ends.keys()]
    .sort((a, b) => ends.get(a)!.localeCompare(ends.get(b)!) || a.localeCompare(b))
    .slice(-count);
}

/**
 * Every reporting unit across the latest periods (34 provinces × 12 months, say): each cell the
 * unit's standing in that period, marked when it was sent late; a column's header opens that
 * period's detail. What DHIS2 calls the reporting rate summary, with Decree 09's windows.
 */
export function CompletenessMatrix({
  schedule,
  onPickPeriod,
}: {
  schedule: ExpectedReport[];
  onPickPeriod: (periodId: string) => void;
}) {
  const t = useT();
  const periods = latestPeriods(schedule);
  const rows = new Map<string, Row>();
  for (const item of schedule) {
    let row = rows.get(item.organization.id);
    if (!row)
      rows.set(
        item.organization.id,
        (row = { key: item.organization.id, unit: item.organization.name, cells: new Map() }),
      );
    row.cells.set(item.periodId, item);
  }
  const sorted = [...rows.values()].sort((a, b) => a.unit.localeCompare(b.unit, "vi"));
  const done = (periodId: string) =>
    sorted.filter((r) => {
      const status = r.cells.get(periodId)?.status;
      return status === "submitted" || status === "accepted";
    }).length;
  const expected = (periodId: string) => sorted.filter((r) => r.cells.has(periodId)).length;
  return (
    <Table<Row>
      size="small"
      bordered
      rowKey="key"
      pagination={false}
      scroll={{ x: "max-content" }}
      aria-label={t("reports.matrix.title")}
      title={() => (
        <Typography.Text strong>
          {t("reports.matrix.title")} — {t("reports.matrix.hint")}
        </Typography.Text>
      )}
      dataSource={sorted}
      columns={[
        {
          key: "unit",
          title: t("reports.organization"),
          dataIndex: "unit",
          fixed: "left",
          width: 260,
        },
        ...periods.map((periodId) => ({
          key: periodId,
          title: (
            <Space direction="vertical" size={0}>
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                aria-label={t("reports.matrix.openPeriod", { period: periodId })}
                onClick={() => onPickPeriod(periodId)}
              >
                {periodId}
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {done(periodId)}/{expected(periodId)}
              </Typography.Text>
            </Space>
          ),
          render: (_: unknown, row: Row) => {
            const item = row.cells.get(periodId);
            if (!item) return <Typography.Text type="secondary">—</Typography.Text>;
            return (
              <Space size={2}>
                <ReportStatusTag status={item.status} />
                {item.submittedLate ? <Tag color="red">{t("reports.matrix.late")}</Tag> : null}
              </Space>
            );
          },
        })),
      ]}
    />
  );
}
