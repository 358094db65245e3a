import { PlusOutlined } from "@ant-design/icons";
import { Form, Input, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { listClients } from "../../api/clients.ts";
import type { Client } from "../../api/types.ts";
import { formatDate } from "../../components/format.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { LoadMore } from "../../components/load-more.tsx";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { clientKindLabel } from "./client-labels.ts";

/** The client registry: systems that sign people in through the SSO or call the LGSP. */
export default function ClientsPage() {
  const t = useT();
  const { language } = useLanguage();
  const [q, setQ] = useState("");
  const [organizationId, setOrganizationId] = useState<string | undefined>();
  const list = usePagedList(["clients", q, organizationId], (cursor) =>
    listClients({ q, organizationId, cursor, limit: 50 }),
  );

  const columns: TableColumnsType<Client> = [
    {
      title: t("client.name"),
      dataIndex: "name",
      render: (name: string, c) => <Link to={`/identity/clients/${c.id}`}>{name}</Link>,
    },
    {
      title: t("client.kind"),
      dataIndex: "kind",
      render: (k: Client["kind"]) => t(clientKindLabel(k)),
    },
    {
      title: t("client.clientId"),
      dataIndex: "clientId",
      render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
    },
    {
      title: t("client.status"),
      dataIndex: "status",
      render: (status: Client["status"]) => (
        <Tag color={status === "active" ? "green" : "default"}>{t(`clientStatus.${status}`)}</Tag>
      ),
    },
    {
      title: t("client.createdAt"),
      dataIndex: "createdAt",
      render: (at: string) => formatDate(at, language),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("clients.title")}
        extra={
          <LinkButton type="primary" icon={<PlusOutlined />} to="/identity/clients/new">
            {t("clients.create")}
          </LinkButton>
        }
      />
      <Typography.Paragraph type="secondary">{t("clients.intro")}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} role="search">
        <Form.Item label={t("common.search")} htmlFor="clients-search">
          <Input.Search
            id="clients-search"
            allowClear
            placeholder={t("clients.searchPlaceholder")}
            onSearch={(value) => setQ(value.trim())}
            style={{ width: 320 }}
          />
        </Form.Item>
        <Form.Item label={t("user.organization")} htmlFor="clients-organization">
          <div style={{ width: 360 }}>
            <OrganizationPicker
              id="clients-organization"
              value={organizationId}
              onChange={setOrganizationId}
              allowClear
            />
          </div>
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<Client>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        locale={{ emptyText: t("clients.empty") }}
        scroll={{ x: 900 }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
