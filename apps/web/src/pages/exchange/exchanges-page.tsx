import { DownloadOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Table,
  Tag,
  type TableColumnsType,
} from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import {
  fetchExchangeProof,
  listExchanges,
  OUTCOMES,
  verifyEvidenceLog,
  type Exchange,
} from "../../api/exchange.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { formatDateTime } from "../../components/format.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { key, outcomeColors } from "./labels.ts";

type Filters = { outcome?: string; status?: number; from?: string; to?: string };

/** `datetime-local` (read as Vietnam time) to an ISO instant. */
const toInstant = (local: string | undefined) =>
  local ? new Date(`${local}:00+07:00`).toISOString() : undefined;

function saveJson(name: string, data: unknown) {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }),
  );
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The evidence log of exchanges through the gateway: search, details, proof, verification. */
export default function ExchangesPage() {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    outcome: params.get("outcome") ?? undefined,
    status: params.get("status") ? Number(params.get("status")) : undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
  };
  const [selected, setSelected] = useState<Exchange>();
  const [form] = Form.useForm<Filters>();

  const list = usePagedList(
    ["lgsp-exchanges", filters.outcome, filters.status, filters.from, filters.to],
    (cursor) =>
      listExchanges({
        outcome: filters.outcome,
        status: filters.status,
        from: toInstant(filters.from),
        to: toInstant(filters.to),
        cursor,
        limit: 50,
      }),
  );

  const apply = (v: Filters) => {
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(v))
      if (value !== undefined && value !== null && value !== "") next.set(name, String(value));
    setParams(next, { replace: true });
    // The same filters again mean "show what is new since".
    void queryClient.invalidateQueries({ queryKey: ["lgsp-exchanges"] });
  };

  const proof = useMutation({
    mutationFn: (e: Exchange) => fetchExchangeProof(e.id),
    onSuccess: (data, e) => saveJson(`proof-${e.seq}-${e.id}.json`, data),
    onError: reportProblem,
  });
  const verify = useMutation({ mutationFn: verifyEvidenceLog });
  const canVerify = hasRole(me, "system_admin", "security_operator");

  const columns: TableColumnsType<Exchange> = [
    { title: "#", dataIndex: "seq", width: 80 },
    {
      title: t("lgsp.exchanges.startedAt"),
      dataIndex: "startedAt",
      width: 180,
      render: (v: string) => formatDateTime(v, language),
    },
    {
      title: t("lgsp.access.service"),
      key: "service",
      width: 200,
      render: (_: unknown, e: Exchange) =>
        e.serviceCode ? `${e.serviceCode} ${e.version ?? ""}` : "—",
    },
    {
      title: t("lgsp.exchanges.request"),
      key: "request",
      render: (_: unknown, e: Exchange) => (
        <code>
          {e.method} {e.path}
        </code>
      ),
    },
    {
      title: t("lgsp.exchanges.outcome"),
      dataIndex: "outcome",
      width: 170,
      render: (v: Exchange["outcome"]) => (
        <Tag color={outcomeColors[v]}>{t(key("lgspOutcome", v))}</Tag>
      ),
    },
    { title: "HTTP", dataIndex: "status", width: 80 },
    { title: t("lgsp.exchanges.latency"), dataIndex: "latencyMs", width: 110 },
    {
      title: t("common.actions"),
      key: "actions",
      width: 110,
      render: (_: unknown, e: Exchange) => (
        <Button
          size="small"
          aria-label={t("lgsp.exchanges.detailsOf", { seq: e.seq })}
          onClick={() => setSelected(e)}
        >
          {t("lgsp.exchanges.details")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("lgsp.exchanges.title")}
        extra={
          canVerify ? (
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
            >
              {t("lgsp.exchanges.verify")}
            </Button>
          ) : null
        }
      />
      <ProblemAlert error={verify.error} />
      {verify.data ? (
        <Alert
          role="status"
          showIcon
          style={{ marginBottom: 16 }}
          type={verify.data.ok ? "success" : "error"}
          title={
            verify.data.ok
              ? t("lgsp.exchanges.verifyOk", {
                  rows: verify.data.rows,
                  checkpoints: verify.data.checkpoints,
                })
              : t("lgsp.exchanges.verifyBroken", {
                  seq: verify.data.firstBroken?.seq ?? "?",
                  reason: verify.data.firstBroken?.reason ?? "",
                })
          }
          description={
            verify.data.head ? (
              <>
                {t("lgsp.exchanges.head")}: <code>{verify.data.head}</code>
              </>
            ) : undefined
          }
        />
      ) : null}
      <Form<Filters>
        form={form}
        layout="inline"
        role="search"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={filters}
        onFinish={apply}
      >
        <Form.Item name="outcome" label={t("lgsp.exchanges.outcome")} htmlFor="exchange-outcome">
          <Select
            id="exchange-outcome"
            allowClear
            placeholder={t("common.all")}
            options={OUTCOMES.map((o) => ({ value: o, label: t(key("lgspOutcome", o)) }))}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item name="status" label={t("lgsp.exchanges.status")} htmlFor="exchange-status">
          <InputNumber id="exchange-status" min={100} max={599} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="from" label={t("lgsp.exchanges.from")} htmlFor="exchange-from">
          <Input id="exchange-from" type="datetime-local" />
        </Form.Item>
        <Form.Item name="to" label={t("lgsp.exchanges.to")} htmlFor="exchange-to">
          <Input id="exchange-to" type="datetime-local" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t("lgsp.exchanges.filter")}
        </Button>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<Exchange>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 1100 }}
        locale={{ emptyText: t("lgsp.exchanges.empty") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
      <Drawer
        open={Boolean(selected)}
        size="large"
        title={selected ? t("lgsp.exchanges.detailsOf", { seq: selected.seq }) : ""}
        onClose={() => setSelected(undefined)}
        extra={
          selected ? (
            <Button
              icon={<DownloadOutlined />}
              loading={proof.isPending}
              onClick={() => proof.mutate(selected)}
            >
              {t("lgsp.exchanges.downloadProof")}
            </Button>
          ) : null
        }
      >
        {selected ? (
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: "seq", label: t("lgsp.exchanges.seq"), children: selected.seq },
              { key: "id", label: "ID", children: <code>{selected.id}</code> },
              {
                key: "corr",
                label: t("lgsp.exchanges.correlationId"),
                children: <code>{selected.correlationId}</code>,
              },
              {
                key: "time",
                label: t("lgsp.exchanges.startedAt"),
                children: formatDateTime(selected.startedAt, language),
              },
              {
                key: "service",
                label: t("lgsp.access.service"),
                children: `${selected.serviceCode ?? "—"} ${selected.version ?? ""}`,
              },
              {
                key: "req",
                label: t("lgsp.exchanges.request"),
                children: (
                  <code>
                    {selected.method} {selected.path}
                  </code>
                ),
              },
              {
                key: "client",
                label: t("lgsp.exchanges.consumerClient"),
                children: selected.consumerClientId ?? "—",
              },
              {
                key: "user",
                label: t("lgsp.exchanges.endUser"),
                children: selected.endUser ?? "—",
              },
              {
                key: "outcome",
                label: t("lgsp.exchanges.outcome"),
                children: `${t(key("lgspOutcome", selected.outcome))} (HTTP ${selected.status})`,
              },
              {
                key: "error",
                label: t("lgsp.exchanges.errorCode"),
                children: selected.errorCode ?? "—",
              },
              {
                key: "latency",
                label: t("lgsp.exchanges.latency"),
                children: selected.latencyMs,
              },
              {
                key: "upstream",
                label: t("lgsp.exchanges.upstream"),
                children: selected.upstreamMs ?? "—",
              },
              {
                key: "bytes",
                label: t("lgsp.exchanges.bytes"),
                children: `${selected.requestBytes} / ${selected.responseBytes}`,
              },
              {
                key: "reqsha",
                label: t("lgsp.exchanges.requestSha256"),
                children: <code style={{ wordBreak: "break-all" }}>{selected.requestSha256}</code>,
              },
              {
                key: "ressha",
                label: t("lgsp.exchanges.responseSha256"),
                children: <code style={{ wordBreak: "break-all" }}>{selected.responseSha256}</code>,
              },
              {
                key: "digest",
                label: t("lgsp.exchanges.recordDigest"),
                children: <code style={{ wordBreak: "break-all" }}>{selected.recordDigest}</code>,
              },
            ]}
          />
        ) : null}
      </Drawer>
    </>
  );
}
