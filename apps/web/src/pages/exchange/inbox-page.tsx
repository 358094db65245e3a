import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Table,
  Tag,
  type TableColumnsType,
} from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import {
  approveAccessRequest,
  listAccessRequests,
  refuseAccessRequest,
  REQUEST_STATUSES,
  withdrawAccessRequest,
  type AccessRequest,
  type Side,
} from "../../api/exchange.ts";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { endOfDay, key, optionalInt, requestStatusColors } from "./labels.ts";
import { ReasonModal } from "./reason-modal.tsx";
import { SystemName } from "./system-name.tsx";

type ApproveValues = { expiresAt?: string; rateLimitPerMinute?: number; dailyQuota?: number };

/** Providers decide on the requests sent to them; consumers follow (and withdraw) their own. */
export default function InboxPage() {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const side: Side = params.get("as") === "consumer" ? "consumer" : "provider";
  const status = params.get("status") ?? (side === "provider" ? "pending" : undefined);
  const [approving, setApproving] = useState<AccessRequest>();
  const [refusing, setRefusing] = useState<AccessRequest>();
  const [approveForm] = Form.useForm<ApproveValues>();

  // From the address the browser shows now, as in useAddressChoices: an empty value is kept,
  // because here it means "every status" rather than the side's default.
  const update = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(name, value);
    else next.set(name, "");
    if (name === "as") next.delete("status");
    setParams(next, { replace: true });
  };

  const list = usePagedList(["lgsp-requests", side, status], (cursor) =>
    listAccessRequests({ as: side, status: status || undefined, cursor, limit: 50 }),
  );
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["lgsp-requests"] }),
      queryClient.invalidateQueries({ queryKey: ["lgsp-rights"] }),
    ]);

  const approve = useMutation({
    mutationFn: ({ id, v }: { id: string; v: ApproveValues }) =>
      approveAccessRequest(id, {
        expiresAt: endOfDay(v.expiresAt),
        rateLimitPerMinute: optionalInt(v.rateLimitPerMinute),
        dailyQuota: optionalInt(v.dailyQuota),
      }),
    onSuccess: async () => {
      void message.success(t("lgsp.inbox.approved"));
      setApproving(undefined);
      await refresh();
    },
  });
  const refuse = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => refuseAccessRequest(id, reason),
    onSuccess: async () => {
      void message.success(t("lgsp.inbox.refused"));
      setRefusing(undefined);
      await refresh();
    },
  });
  const withdraw = useMutation({
    mutationFn: withdrawAccessRequest,
    onSuccess: async () => {
      void message.success(t("lgsp.inbox.withdrawn"));
      await refresh();
    },
    onError: reportProblem,
  });

  const columns: TableColumnsType<AccessRequest> = [
    {
      title: t("lgsp.access.service"),
      key: "service",
      render: (_: unknown, r: AccessRequest) => (
        <>
          <Link to={`/exchange/services/${r.service.id}`}>{r.service.name}</Link>
          <br />
          <small>
            {r.service.providerOrgCode}/{r.service.providerSystemCode}/{r.service.code}/
            {r.service.version}
          </small>
        </>
      ),
    },
    {
      title: t("lgsp.access.consumerSystem"),
      key: "consumer",
      width: 220,
      render: (_: unknown, r: AccessRequest) => <SystemName id={r.consumerSystemId} />,
    },
    {
      title: t("lgsp.access.endpoints"),
      key: "endpoints",
      width: 200,
      render: (_: unknown, r: AccessRequest) =>
        r.endpoints?.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
            {r.endpoints.map((e) => (
              <li key={e}>
                <code>{e}</code>
              </li>
            ))}
          </ul>
        ) : (
          t("lgsp.access.allEndpoints")
        ),
    },
    {
      title: t("lgsp.access.purpose"),
      key: "purpose",
      width: 240,
      render: (_: unknown, r: AccessRequest) => (
        <>
          {r.purpose}
          <br />
          <small>
            {t("lgsp.access.legalBasis")}: {r.legalBasis}
          </small>
        </>
      ),
    },
    {
      title: t("lgsp.access.createdAt"),
      key: "created",
      width: 170,
      render: (_: unknown, r: AccessRequest) => (
        <>
          {formatDateTime(r.createdAt, language)}
          <br />
          <small>{r.requestedBy}</small>
          {r.requestedExpiresAt ? (
            <>
              <br />
              <small>
                {t("lgsp.rights.expiresAt")}: {formatDate(r.requestedExpiresAt, language)}
              </small>
            </>
          ) : null}
        </>
      ),
    },
    {
      title: t("lgsp.service.status"),
      key: "status",
      width: 150,
      render: (_: unknown, r: AccessRequest) => (
        <>
          <Tag color={requestStatusColors[r.status]}>{t(key("lgspRequest", r.status))}</Tag>
          {r.reason ? <div>{r.reason}</div> : null}
        </>
      ),
    },
    {
      title: t("common.actions"),
      key: "actions",
      width: 190,
      render: (_: unknown, r: AccessRequest) =>
        r.status !== "pending" ? null : side === "provider" ? (
          <Flex gap={8} wrap>
            <Button
              type="primary"
              size="small"
              aria-label={t("lgsp.inbox.approveNamed", { service: r.service.name })}
              onClick={() => {
                approve.reset();
                approveForm.resetFields();
                setApproving(r);
              }}
            >
              {t("lgsp.inbox.approve")}
            </Button>
            <Button
              danger
              size="small"
              aria-label={t("lgsp.inbox.refuseNamed", { service: r.service.name })}
              onClick={() => {
                refuse.reset();
                setRefusing(r);
              }}
            >
              {t("lgsp.inbox.refuse")}
            </Button>
          </Flex>
        ) : (
          <Button size="small" onClick={() => withdraw.mutate(r.id)}>
            {t("lgsp.inbox.withdraw")}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t("lgsp.inbox.title")} />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} role="search">
        <Form.Item>
          <Segmented<Side>
            aria-label={t("lgsp.inbox.title")}
            value={side}
            onChange={(v) => update("as", v)}
            options={[
              { value: "provider", label: t("lgsp.inbox.provider") },
              { value: "consumer", label: t("lgsp.inbox.consumer") },
            ]}
          />
        </Form.Item>
        <Form.Item label={t("lgsp.service.status")} htmlFor="request-status">
          <Select
            id="request-status"
            allowClear
            value={status || undefined}
            placeholder={t("common.all")}
            onChange={(v?: string) => update("status", v)}
            options={REQUEST_STATUSES.map((s) => ({ value: s, label: t(key("lgspRequest", s)) }))}
            style={{ width: 180 }}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<AccessRequest>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 1200 }}
        locale={{ emptyText: t("lgsp.inbox.empty") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
      <Modal
        open={Boolean(approving)}
        title={approving ? t("lgsp.inbox.approveNamed", { service: approving.service.name }) : ""}
        okText={t("lgsp.inbox.approve")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: approve.isPending }}
        onOk={() => approveForm.submit()}
        onCancel={() => setApproving(undefined)}
        destroyOnHidden
      >
        <ProblemAlert error={approve.error} />
        <Form<ApproveValues>
          form={approveForm}
          layout="vertical"
          initialValues={{
            expiresAt: approving?.requestedExpiresAt?.slice(0, 10),
          }}
          onFinish={(v) => approving && approve.mutate({ id: approving.id, v })}
        >
          <Form.Item name="expiresAt" label={t("lgsp.inbox.expiresAt")}>
            <Input type="date" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="rateLimitPerMinute" label={t("lgsp.inbox.rateLimit")}>
            <InputNumber min={1} max={1000000} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="dailyQuota" label={t("lgsp.inbox.dailyQuota")}>
            <InputNumber min={1} max={1000000000} style={{ width: 200 }} />
          </Form.Item>
        </Form>
      </Modal>
      <ReasonModal
        open={Boolean(refusing)}
        title={refusing ? t("lgsp.inbox.refuseNamed", { service: refusing.service.name }) : ""}
        okText={t("lgsp.inbox.refuse")}
        pending={refuse.isPending}
        error={refuse.error}
        onSubmit={(reason) => refusing && refuse.mutate({ id: refusing.id, reason })}
        onCancel={() => setRefusing(undefined)}
      />
    </>
  );
}
