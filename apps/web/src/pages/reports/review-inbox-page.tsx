import { useInfiniteQuery } from "@tanstack/react-query";
import { Form, Grid, Input, Segmented, Select, Table, Tag, Typography } from "antd";
import { useMemo, type ComponentProps } from "react";
import { fetchInbox, type InboxItem, type InboxStatus } from "../../api/report-review.ts";
import { formatDateTime } from "../../components/format.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { type AddressChanges, useAddressChoices } from "../../components/use-address-choices.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { ReportStatusTag } from "./labels.tsx";

type StatusChoice = InboxStatus | "all";
const STATUSES: StatusChoice[] = ["submitted", "returned", "accepted", "all"];
const PERIOD_ID = /^\d{4}(0[1-9]|1[0-2]|Q[1-4]|S[12]|N)?$/;

/** An antd table element with a caption first, as screen readers expect. */
function captionedTable(caption: string) {
  return function CaptionedTable({ children, ...props }: ComponentProps<"table">) {
    return (
      <table {...props}>
        <caption style={VISUALLY_HIDDEN}>{caption}</caption>
        {children}
      </table>
    );
  };
}

const VISUALLY_HIDDEN = {
  position: "absolute",
  width: 1,
  height: 1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
} as const;

/**
 * Hộp tiếp nhận báo cáo: for the receiving organization's reviewers, the reports sent under the
 * regimes they review — awaiting review first by default, or returned, or accepted — filtered by
 * regime, period and lateness (kept in the address), each opening the report page where it is
 * accepted or returned.
 */
export default function ReviewInboxPage() {
  const t = useT();
  const { language } = useLanguage();
  const [params, chooseInAddress] = useAddressChoices();
  const status = (STATUSES.find((s) => s === params.get("status")) ?? "submitted") as StatusChoice;
  const regimeId = params.get("regime") ?? undefined;
  const period = params.get("period") ?? undefined;
  const lateParam = params.get("late");
  const late = lateParam === "true" ? true : lateParam === "false" ? false : undefined;
  const choose = (next: AddressChanges) => chooseInAddress(next, { replace: false });

  const filter = {
    regimeId,
    period: period && PERIOD_ID.test(period) ? period : undefined,
    status: status === "all" ? undefined : status,
    late,
  };
  const inbox = useInfiniteQuery({
    queryKey: ["reports", "inbox", filter],
    queryFn: ({ pageParam }) => fetchInbox(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = inbox.data?.pages[0];
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  const counts = first?.counts ?? { submitted: 0, returned: 0, accepted: 0 };
  const countOf = (s: StatusChoice) =>
    s === "all" ? counts.submitted + counts.returned + counts.accepted : counts[s];
  const wide = Grid.useBreakpoint().md ?? true;
  const width = (pixels: number) => (wide ? pixels : "100%");
  const components = useMemo(() => ({ table: captionedTable(t("reports.inbox.caption")) }), [t]);

  return (
    <>
      <PageHeader title={t("reports.inbox.title")} />
      <Typography.Paragraph type="secondary">{t("reports.inbox.intro")}</Typography.Paragraph>
      <ProblemAlert error={inbox.error} />
      <Segmented<StatusChoice>
        aria-label={t("reports.status")}
        style={{ marginBottom: 12, maxWidth: "100%", overflowX: "auto" }}
        value={status}
        options={STATUSES.map((s) => ({
          value: s,
          label: t(`reports.inbox.status.${s}`, { count: countOf(s) }),
        }))}
        onChange={(value) => choose({ status: value === "submitted" ? undefined : value })}
      />
      <Form layout={wide ? "inline" : "vertical"} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t("reports.regime")} htmlFor="inbox-regime">
          <Select
            id="inbox-regime"
            style={{ width: width(320) }}
            allowClear
            value={regimeId}
            placeholder={t("reports.inbox.allRegimes")}
            options={(first?.regimes ?? []).map((r) => ({
              value: r.id,
              label: `${r.code} — ${r.name}`,
            }))}
            onChange={(value?: string) => choose({ regime: value })}
          />
        </Form.Item>
        <Form.Item
          label={t("reports.period")}
          htmlFor="inbox-period"
          validateStatus={period && !PERIOD_ID.test(period) ? "warning" : undefined}
          help={period && !PERIOD_ID.test(period) ? t("reports.aggregate.periodHint") : undefined}
        >
          <Input.Search
            id="inbox-period"
            style={{ width: width(180) }}
            allowClear
            defaultValue={period}
            placeholder={t("reports.inbox.periodPlaceholder")}
            onSearch={(value) => choose({ period: value.trim() || undefined })}
          />
        </Form.Item>
        <Form.Item label={t("reports.inbox.timeliness")} htmlFor="inbox-late">
          <Select
            id="inbox-late"
            style={{ width: width(200) }}
            value={lateParam ?? ""}
            options={[
              { value: "", label: t("reports.inbox.anyTimeliness") },
              { value: "true", label: t("reports.inbox.lateOnly") },
              { value: "false", label: t("reports.inbox.onTimeOnly") },
            ]}
            onChange={(value: string) => choose({ late: value || undefined })}
          />
        </Form.Item>
      </Form>
      <Table<InboxItem>
        rowKey="id"
        size="small"
        components={components}
        loading={inbox.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t("reports.inbox.empty") }}
        columns={[
          { title: t("reports.organization"), render: (_, row) => row.organization.name },
          {
            title: t("reports.regime"),
            render: (_, row) => <span title={row.regime.name}>{row.regime.code}</span>,
          },
          { title: t("reports.period"), dataIndex: "periodId" },
          {
            title: t("reports.submittedAt"),
            render: (_, row) => formatDateTime(row.submittedAt, language),
          },
          {
            title: t("reports.inbox.timeliness"),
            render: (_, row) =>
              row.late === null ? null : row.late ? (
                <Tag color="red">{t("reports.late")}</Tag>
              ) : (
                <Tag color="green">{t("reports.completeness.onTime")}</Tag>
              ),
          },
          { title: t("reports.version"), dataIndex: "version", align: "right" },
          {
            title: t("reports.status"),
            render: (_, row) => <ReportStatusTag status={row.status} />,
          },
          {
            title: t("common.actions"),
            render: (_, row) => (
              <LinkButton
                size="small"
                type={row.status === "submitted" ? "primary" : "default"}
                to={`/reports/${row.id}`}
                aria-label={t("reports.inbox.openLabel", {
                  unit: row.organization.name,
                  period: row.periodId,
                })}
              >
                {t(row.status === "submitted" ? "reports.inbox.review" : "reports.inbox.view")}
              </LinkButton>
            ),
          },
        ]}
      />
      <LoadMore
        hasMore={inbox.hasNextPage}
        loading={inbox.isFetchingNextPage}
        onLoadMore={() => void inbox.fetchNextPage()}
      />
    </>
  );
}
