import { useQuery } from "@tanstack/react-query";
import { Table, Tag, type TableColumnsType } from "antd";
import { fetchOrganizationHistory } from "../../api/directory.ts";
import type { OrganizationHistoryEntry } from "../../api/types.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

const changeColors = { created: "green", updated: "blue", retired: "default" } as const;

/** Every version of an organization, newest first, as the server keeps them. */
export function OrganizationHistory({ organizationId }: { organizationId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const history = useQuery({
    queryKey: ["organizations", organizationId, "history"],
    queryFn: () => fetchOrganizationHistory(organizationId),
  });
  const columns: TableColumnsType<OrganizationHistoryEntry> = [
    { title: t("history.version"), dataIndex: "version", width: 90 },
    {
      title: t("history.change"),
      dataIndex: "change",
      width: 140,
      render: (change: OrganizationHistoryEntry["change"]) => (
        <Tag color={changeColors[change]}>{t(`history.change.${change}`)}</Tag>
      ),
    },
    { title: t("organization.name"), render: (_, entry) => entry.snapshot.name },
    { title: t("organization.code"), render: (_, entry) => entry.snapshot.code, width: 160 },
    {
      title: t("history.validFrom"),
      dataIndex: "validFrom",
      width: 190,
      render: (value: string) => formatDateTime(value, language),
    },
    {
      title: t("history.validTo"),
      dataIndex: "validTo",
      width: 190,
      render: (value: string | null) => formatDateTime(value, language),
    },
    { title: t("history.changedBy"), dataIndex: "changedBy", width: 160 },
  ];
  return (
    <>
      <ProblemAlert error={history.error} />
      <Table<OrganizationHistoryEntry>
        rowKey="version"
        columns={columns}
        dataSource={history.data?.items ?? []}
        loading={history.isPending}
        pagination={false}
        size="small"
        scroll={{ x: 900 }}
      />
    </>
  );
}
