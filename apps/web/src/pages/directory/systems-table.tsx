import { Table, Tag, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { listSystems } from "../../api/directory.ts";
import type { InformationSystem } from "../../api/types.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useT } from "../../i18n/index.tsx";

const statusColors = { planned: "blue", operating: "green", retired: "default" } as const;

type SystemsTableProps = {
  organizationId?: string;
  q?: string;
  status?: string;
  showOrganization?: boolean;
};

/** Information systems, filtered on the server, with a link to edit each for administrators. */
export function SystemsTable({
  organizationId,
  q,
  status,
  showOrganization = true,
}: SystemsTableProps) {
  const t = useT();
  const me = useCurrentUser();
  const list = usePagedList(["systems", organizationId, q, status], (cursor) =>
    listSystems({ organizationId, q, status, cursor, limit: 50 }),
  );
  const columns: TableColumnsType<InformationSystem> = [
    { title: t("system.code"), dataIndex: "code", width: 150 },
    { title: t("system.name"), dataIndex: "name" },
    ...(showOrganization
      ? [
          {
            title: t("system.organization"),
            key: "organization",
            width: 260,
            render: (_: unknown, s: InformationSystem) => (
              <Link to={`/directory/organizations/${s.organization.id}`}>
                {s.organization.name}
              </Link>
            ),
          },
        ]
      : []),
    {
      title: t("system.securityLevel"),
      dataIndex: "securityLevel",
      width: 110,
      render: (level: number) => t("system.levelN", { level }),
    },
    {
      title: t("system.hosting"),
      dataIndex: "hosting",
      width: 200,
      render: (hosting: InformationSystem["hosting"]) => t(`hosting.${hosting}`),
    },
    {
      title: t("system.status"),
      dataIndex: "status",
      width: 140,
      render: (status: InformationSystem["status"]) => (
        <Tag color={statusColors[status]}>{t(`systemStatus.${status}`)}</Tag>
      ),
    },
    ...(isAdministrator(me)
      ? [
          {
            title: t("common.actions"),
            key: "actions",
            width: 110,
            render: (_: unknown, s: InformationSystem) => (
              <Link
                to={`/directory/systems/${s.id}/edit`}
                aria-label={t("system.editNamed", { name: s.name })}
              >
                {t("common.edit")}
              </Link>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <ProblemAlert error={list.error} />
      <Table<InformationSystem>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 900 }}
        locale={{ emptyText: t("systems.empty") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
