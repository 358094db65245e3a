import { SafetyCertificateOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  Select,
  Table,
  Tag,
  type TableColumnsType,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { listAuditEvents, verifyAuditChain } from "../../api/audit.ts";
import type { AuditEvent } from "../../api/types.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { formatDateTime } from "../../components/format.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";

type Filters = { action?: string; outcome?: AuditEvent["outcome"]; range?: [Dayjs, Dayjs] };

type Query = { action?: string; outcome?: string; from?: string; to?: string };

function toQuery(filters: Filters): Query {
  const [from, to] = filters.range ?? [];
  return {
    action: filters.action?.trim() || undefined,
    outcome: filters.outcome,
    from: from?.startOf("day").toISOString(),
    to: to?.endOf("day").toISOString(),
  };
}

/** The hash-chained audit trail, newest first; system administrators can verify the chain. */
export default function AuditPage() {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const [query, setQuery] = useState<Query>({});
  const list = usePagedList(["audit", query], (cursor) =>
    listAuditEvents({ ...query, cursor, limit: 100 }),
  );
  const verify = useMutation({ mutationFn: verifyAuditChain });

  const columns: TableColumnsType<AuditEvent> = [
    { title: t("audit.seq"), dataIndex: "seq", width: 80 },
    {
      title: t("audit.at"),
      dataIndex: "at",
      width: 190,
      render: (at: string) => formatDateTime(at, language),
    },
    { title: t("audit.action"), dataIndex: "action", width: 220 },
    {
      title: t("audit.outcome"),
      dataIndex: "outcome",
      width: 120,
      render: (outcome: AuditEvent["outcome"]) => (
        <Tag color={outcome === "success" ? "green" : "red"}>{t(`audit.outcome.${outcome}`)}</Tag>
      ),
    },
    { title: t("audit.actor"), dataIndex: "actorName", render: (v: string | null) => v ?? "—" },
    {
      title: t("audit.target"),
      key: "target",
      render: (_, e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"),
    },
    { title: t("audit.ip"), dataIndex: "ip", width: 140 },
  ];

  return (
    <>
      <PageHeader
        title={t("audit.title")}
        extra={
          hasRole(me, "system_admin") ? (
            <Button
              icon={<SafetyCertificateOutlined />}
              onClick={() => verify.mutate()}
              loading={verify.isPending}
            >
              {t("audit.verify")}
            </Button>
          ) : null
        }
      />
      <ProblemAlert error={verify.error} />
      {verify.data ? (
        <Alert
          role="status"
          showIcon
          type={verify.data.ok ? "success" : "error"}
          title={
            verify.data.ok
              ? t("audit.verifyOk", { rows: verify.data.rows })
              : t("audit.verifyBroken", {
                  seq: verify.data.firstBroken?.seq ?? "?",
                  reason: verify.data.firstBroken?.reason ?? "",
                })
          }
          description={verify.data.head ? t("audit.head", { head: verify.data.head }) : undefined}
          style={{ marginBottom: 16 }}
          closable
        />
      ) : null}
      <Form<Filters>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => setQuery(toQuery(values))}
        role="search"
      >
        <Form.Item name="action" label={t("audit.action")}>
          <Input placeholder={t("audit.actionPlaceholder")} allowClear style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="outcome" label={t("audit.outcome")}>
          <Select
            allowClear
            placeholder={t("common.all")}
            style={{ width: 150 }}
            options={[
              { value: "success", label: t("audit.outcome.success") },
              { value: "failure", label: t("audit.outcome.failure") },
            ]}
          />
        </Form.Item>
        <Form.Item name="range" label={t("audit.range")}>
          <DatePicker.RangePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t("audit.filter")}
          </Button>
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<AuditEvent>
        rowKey="seq"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="small"
        scroll={{ x: 1000 }}
        expandable={{
          rowExpandable: (e) => e.details !== null && e.details !== undefined,
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>
              {JSON.stringify({ requestId: e.requestId, details: e.details }, null, 2)}
            </pre>
          ),
        }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
