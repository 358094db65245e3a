import { useQuery } from "@tanstack/react-query";
import { Descriptions, Spin, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useParams } from "react-router";
import { fetchClient } from "../../api/clients.ts";
import { fetchOrganization, fetchSystem } from "../../api/directory.ts";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { scopeLabel } from "../../components/scope-labels.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { ClientActions } from "./client-actions.tsx";
import { authMethodLabel, clientKindHelp, clientKindLabel } from "./client-labels.ts";

const list = (values: string[], render: (value: string) => ReactNode = (v) => v) =>
  values.length === 0 ? (
    "—"
  ) : (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {values.map((value) => (
        <li key={value}>{render(value)}</li>
      ))}
    </ul>
  );

/** One client: what it may do, and the administrator's actions (edit, disable, new secret). */
export default function ClientDetailPage() {
  const t = useT();
  const { language } = useLanguage();
  const { id = "" } = useParams();
  const client = useQuery({ queryKey: ["clients", "one", id], queryFn: () => fetchClient(id) });
  const organizationId = client.data?.organizationId;
  const systemId = client.data?.informationSystemId;
  const organization = useQuery({
    queryKey: ["organizations", organizationId],
    queryFn: () => fetchOrganization(organizationId!),
    enabled: Boolean(organizationId),
  });
  const system = useQuery({
    queryKey: ["systems", "one", systemId],
    queryFn: () => fetchSystem(systemId!),
    enabled: Boolean(systemId),
  });
  if (client.isPending) return <Spin />;
  if (!client.data) return <ProblemAlert error={client.error} />;
  const c = client.data;
  const managed = c.kind === "platform";
  const issuer = `${window.location.origin}/oidc`;

  return (
    <>
      <PageHeader title={c.name} extra={managed ? null : <ClientActions client={c} />} />
      {managed ? (
        <Typography.Paragraph type="secondary">{t("client.managed")}</Typography.Paragraph>
      ) : null}
      <Descriptions
        bordered
        column={1}
        size="small"
        styles={{ label: { width: 260 } }}
        items={[
          {
            key: "clientId",
            label: t("client.clientId"),
            children: (
              <Typography.Text copyable code>
                {c.clientId}
              </Typography.Text>
            ),
          },
          {
            key: "status",
            label: t("client.status"),
            children: (
              <Tag color={c.status === "active" ? "green" : "default"}>
                {t(`clientStatus.${c.status}`)}
              </Tag>
            ),
          },
          {
            key: "kind",
            label: t("client.kind"),
            children: (
              <>
                {t(clientKindLabel(c.kind))}
                <br />
                <Typography.Text type="secondary">{t(clientKindHelp(c.kind))}</Typography.Text>
              </>
            ),
          },
          {
            key: "organization",
            label: t("client.organization"),
            children: organization.data
              ? `${organization.data.name} (${organization.data.code})`
              : "—",
          },
          {
            key: "system",
            label: t("client.informationSystem"),
            children: system.data ? `${system.data.name} (${system.data.code})` : "—",
          },
          {
            key: "auth",
            label: t("client.authMethod"),
            children: t(authMethodLabel(c.authMethod)),
          },
          {
            key: "secret",
            label: t("client.secretRotatedAt"),
            children: c.hasSecret
              ? formatDateTime(c.secretRotatedAt, language)
              : t("client.noSecret"),
          },
          {
            key: "scopes",
            label: t("client.scopes"),
            children: list(c.scopes, (s) => `${scopeLabel(s, t)} (${s})`),
          },
          ...(c.kind === "machine"
            ? [{ key: "resources", label: t("client.resources"), children: list(c.resources) }]
            : [
                {
                  key: "redirect",
                  label: t("client.redirectUris"),
                  children: list(c.redirectUris),
                },
                {
                  key: "logout",
                  label: t("client.postLogoutRedirectUris"),
                  children: list(c.postLogoutRedirectUris),
                },
                {
                  key: "backchannel",
                  label: t("client.backchannelLogoutUri"),
                  children: c.backchannelLogoutUri ?? "—",
                },
                {
                  key: "firstParty",
                  label: t("client.firstParty"),
                  children: t(c.firstParty ? "common.yes" : "common.no"),
                },
              ]),
          {
            key: "issuer",
            label: t("client.issuer"),
            children: (
              <>
                <Typography.Text copyable code>
                  {issuer}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary">{t("client.issuerHelp")}</Typography.Text>
              </>
            ),
          },
          {
            key: "created",
            label: t("client.createdAt"),
            children: formatDateTime(c.createdAt, language),
          },
          {
            key: "updated",
            label: t("client.updatedAt"),
            children: formatDateTime(c.updatedAt, language),
          },
        ]}
      />
    </>
  );
}
