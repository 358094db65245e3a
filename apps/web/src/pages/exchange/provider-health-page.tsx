import { useQuery } from "@tanstack/react-query";
import { Table, Tag, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { listProviderHealth, type ProviderHealth } from "../../api/monitoring.ts";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

const statusColors = { up: "green", degraded: "orange", down: "red" } as const;

/**
 * The health of every service's provider, as the platform's probe (once a minute) last found
 * it: the ones down first, since when, the last error and the share of recent probes answered.
 */
export default function ProviderHealthPage() {
  const t = useT();
  const { language } = useLanguage();
  const list = useQuery({
    queryKey: ["lgsp-provider-health"],
    queryFn: listProviderHealth,
    refetchInterval: 30_000,
  });

  const columns: TableColumnsType<ProviderHealth> = [
    {
      title: t("lgsp.health.service"),
      key: "service",
      render: (_: unknown, h: ProviderHealth) => (
        <>
          <Link to={`/exchange/services/${h.serviceId}`}>{h.serviceName}</Link>
          <br />
          <small>
            <code>
              {h.serviceCode}/{h.version}
            </code>
          </small>
        </>
      ),
    },
    {
      title: t("lgsp.health.provider"),
      key: "provider",
      render: (_: unknown, h: ProviderHealth) => (
        <>
          {h.provider.organizationName}
          <br />
          <small>
            <code>
              {h.provider.organizationCode}/{h.provider.systemCode}
            </code>
          </small>
        </>
      ),
    },
    {
      title: t("lgsp.health.status"),
      dataIndex: "status",
      width: 150,
      render: (status: ProviderHealth["status"]) => (
        <Tag color={statusColors[status]}>{t(`lgsp.health.${status}`)}</Tag>
      ),
    },
    {
      title: t("lgsp.health.since"),
      dataIndex: "since",
      width: 180,
      render: (v: string) => formatDateTime(v, language),
    },
    {
      title: t("lgsp.health.checkedAt"),
      dataIndex: "checkedAt",
      width: 180,
      render: (v: string) => formatDateTime(v, language),
    },
    {
      title: t("lgsp.health.latency"),
      dataIndex: "latencyMs",
      width: 120,
      align: "right",
      render: (v: number | null) => (v === null ? "—" : `${Math.round(v)} ms`),
    },
    {
      title: t("lgsp.health.lastError"),
      key: "error",
      render: (_: unknown, h: ProviderHealth) => h.lastError?.message[language] ?? "—",
    },
    {
      title: t("lgsp.health.availability"),
      key: "availability",
      width: 130,
      align: "right",
      render: (_: unknown, h: ProviderHealth) =>
        h.recentChecks === 0 ? "—" : `${Math.round((h.recentUp / h.recentChecks) * 100)} %`,
    },
  ];

  return (
    <>
      <PageHeader title={t("lgsp.health.title")} />
      <p>{t("lgsp.health.intro")}</p>
      <ProblemAlert error={list.error} />
      <Table<ProviderHealth>
        rowKey="serviceId"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        pagination={false}
        size="middle"
        scroll={{ x: 1200 }}
        locale={{ emptyText: t("lgsp.health.empty") }}
      />
    </>
  );
}
