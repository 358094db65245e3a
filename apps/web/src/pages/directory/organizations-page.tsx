import { PlusOutlined } from "@ant-design/icons";
import { Form, Input, Select, Table, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { listOrganizations } from "../../api/directory.ts";
import type { Organization } from "../../api/types.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useAddressChoices } from "../../components/use-address-choices.ts";
import { useT } from "../../i18n/index.tsx";
import { OrganizationStatusTag, useOrganizationKindOptions } from "./organization-labels.tsx";

/** Searches the directory; the search words live in the URL so a result can be shared. */
export default function OrganizationsPage() {
  const t = useT();
  const me = useCurrentUser();
  const [params, choose] = useAddressChoices();
  const q = params.get("q") ?? "";
  const kind = params.get("kind") ?? undefined;
  const status = params.get("status") ?? "active";
  const kindOptions = useOrganizationKindOptions();

  const list = usePagedList(["organizations", "search", q, kind, status], (cursor) =>
    listOrganizations({ q, kind, status, cursor, limit: 50 }),
  );

  const columns: TableColumnsType<Organization> = [
    { title: t("organization.code"), dataIndex: "code", width: 160 },
    {
      title: t("organization.name"),
      dataIndex: "name",
      render: (name: string, org) => <Link to={`/directory/organizations/${org.id}`}>{name}</Link>,
    },
    { title: t("organization.shortName"), dataIndex: "shortName", width: 140 },
    {
      title: t("organization.kind"),
      dataIndex: "kind",
      width: 200,
      render: (value: Organization["kind"]) => t(`organizationKind.${value}`),
    },
    {
      title: t("organization.status"),
      dataIndex: "status",
      width: 130,
      render: (value: Organization["status"]) => <OrganizationStatusTag status={value} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t("organizations.title")}
        extra={
          isAdministrator(me) ? (
            <LinkButton type="primary" icon={<PlusOutlined />} to="/directory/organizations/new">
              {t("organizations.create")}
            </LinkButton>
          ) : null
        }
      />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} role="search">
        <Form.Item label={t("common.search")} htmlFor="organization-search">
          <Input.Search
            id="organization-search"
            defaultValue={q}
            allowClear
            enterButton
            placeholder={t("organizations.searchPlaceholder")}
            onSearch={(value) => choose({ q: value.trim() || undefined })}
            style={{ width: 380 }}
          />
        </Form.Item>
        <Form.Item label={t("organization.kind")} htmlFor="organization-kind">
          <Select
            id="organization-kind"
            allowClear
            value={kind}
            options={kindOptions}
            placeholder={t("common.all")}
            onChange={(value?: string) => choose({ kind: value })}
            style={{ width: 220 }}
          />
        </Form.Item>
        <Form.Item label={t("organization.status")} htmlFor="organization-status">
          <Select
            id="organization-status"
            value={status}
            onChange={(value: string) => choose({ status: value })}
            options={[
              { value: "active", label: t("organizationStatus.active") },
              { value: "retired", label: t("organizationStatus.retired") },
            ]}
            style={{ width: 160 }}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<Organization>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 900 }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
