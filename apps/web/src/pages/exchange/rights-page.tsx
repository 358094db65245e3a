import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Form,
  Segmented,
  Select,
  Table,
  Tag,
  type TableColumnsType,
} from "antd";
import { useState } from "react";
import { Link } from "react-router";
import {
  listAccessRights,
  revokeAccessRight,
  RIGHT_STATES,
  type AccessRight,
  type Side,
} from "../../api/exchange.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { formatDate } from "../../components/format.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useAddressChoices } from "../../components/use-address-choices.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { key, rightStateColors } from "./labels.ts";
import { ReasonModal } from "./reason-modal.tsx";
import { SystemName } from "./system-name.tsx";

/** Access rights granted to (consumer) or by (provider) the user's organizations; revocation. */
export default function RightsPage() {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, choose] = useAddressChoices();
  const side: Side = params.get("as") === "consumer" ? "consumer" : "provider";
  const state = params.get("state") ?? undefined;
  const [revoking, setRevoking] = useState<AccessRight>();

  const update = (name: string, value: string | undefined) => choose({ [name]: value });

  const list = usePagedList(["lgsp-rights", side, state], (cursor) =>
    listAccessRights({ as: side, state, cursor, limit: 50 }),
  );
  const revoke = useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => revokeAccessRight(id, reason),
    onSuccess: async () => {
      void message.success(t("lgsp.rights.revoked"));
      setRevoking(undefined);
      await queryClient.invalidateQueries({ queryKey: ["lgsp-rights"] });
    },
  });

  const columns: TableColumnsType<AccessRight> = [
    {
      title: t("lgsp.access.service"),
      key: "service",
      render: (_: unknown, r: AccessRight) => (
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
      render: (_: unknown, r: AccessRight) => <SystemName id={r.consumerSystemId} />,
    },
    {
      title: t("lgsp.access.endpoints"),
      key: "endpoints",
      width: 200,
      render: (_: unknown, r: AccessRight) =>
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
      title: t("lgsp.rights.grantedAt"),
      key: "granted",
      width: 130,
      render: (_: unknown, r: AccessRight) => (
        <>
          {formatDate(r.grantedAt, language)}
          <br />
          <small>{r.grantedBy}</small>
        </>
      ),
    },
    {
      title: t("lgsp.rights.expiresAt"),
      key: "expires",
      width: 120,
      render: (_: unknown, r: AccessRight) => formatDate(r.expiresAt, language),
    },
    {
      title: t("lgsp.rights.limits"),
      key: "limits",
      width: 130,
      render: (_: unknown, r: AccessRight) =>
        [
          r.rateLimitPerMinute ? t("lgsp.rights.perMinute", { n: r.rateLimitPerMinute }) : null,
          r.dailyQuota ? t("lgsp.rights.perDay", { n: r.dailyQuota }) : null,
        ]
          .filter(Boolean)
          .join(", ") || "—",
    },
    {
      title: t("lgsp.rights.state"),
      key: "state",
      width: 160,
      render: (_: unknown, r: AccessRight) => (
        <>
          <Tag color={rightStateColors[r.state]}>{t(key("lgspRight", r.state))}</Tag>
          {r.revokeReason ? <div>{r.revokeReason}</div> : null}
        </>
      ),
    },
    {
      title: t("common.actions"),
      key: "actions",
      width: 110,
      render: (_: unknown, r: AccessRight) =>
        r.state === "active" && side === "provider" ? (
          <Button
            danger
            size="small"
            aria-label={t("lgsp.rights.revokeNamed", { service: r.service.name })}
            onClick={() => {
              revoke.reset();
              setRevoking(r);
            }}
          >
            {t("lgsp.rights.revoke")}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader title={t("lgsp.rights.title")} />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} role="search">
        <Form.Item>
          <Segmented<Side>
            aria-label={t("lgsp.rights.title")}
            value={side}
            onChange={(v) => update("as", v)}
            options={[
              { value: "provider", label: t("lgsp.rights.asProvider") },
              { value: "consumer", label: t("lgsp.rights.asConsumer") },
            ]}
          />
        </Form.Item>
        <Form.Item label={t("lgsp.rights.state")} htmlFor="right-state">
          <Select
            id="right-state"
            allowClear
            value={state}
            placeholder={t("common.all")}
            onChange={(v?: string) => update("state", v)}
            options={RIGHT_STATES.map((s) => ({ value: s, label: t(key("lgspRight", s)) }))}
            style={{ width: 180 }}
          />
        </Form.Item>
      </Form>
      {side === "consumer" && isAdministrator(me) ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("lgsp.rights.credentialsHint")}
          action={<LinkButton to="/identity/clients">{t("nav.clients")}</LinkButton>}
        />
      ) : null}
      <ProblemAlert error={list.error} />
      <Table<AccessRight>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 1200 }}
        locale={{ emptyText: t("lgsp.rights.empty") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
      <ReasonModal
        open={Boolean(revoking)}
        title={revoking ? t("lgsp.rights.revokeNamed", { service: revoking.service.name }) : ""}
        okText={t("lgsp.rights.revoke")}
        pending={revoke.isPending}
        error={revoke.error}
        onSubmit={(reason) => revoking && revoke.mutate({ id: revoking.id, reason })}
        onCancel={() => setRevoking(undefined)}
      />
    </>
  );
}
