import { PlusOutlined } from "@ant-design/icons";
import { Form, Input, Select, Table, Tag, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { listServices, SERVICE_KINDS, SERVICE_STATUSES, type Service } from "../../api/exchange.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useAddressChoices } from "../../components/use-address-choices.ts";
import { useT } from "../../i18n/index.tsx";
import { key, serviceStatusColors } from "./labels.ts";

/** The catalogue of shared services: accent-insensitive search, filters by kind and status. */
export default function CataloguePage() {
  const t = useT();
  const me = useCurrentUser();
  const [params, choose] = useAddressChoices();
  const q = params.get("q") ?? undefined;
  const kind = params.get("kind") ?? undefined;
  const status = params.get("status") ?? undefined;

  const update = (name: string, value: string | undefined) => choose({ [name]: value });

  const list = usePagedList(["lgsp-services", q, kind, status], (cursor) =>
    listServices({ q, kind, status, cursor, limit: 50 }),
  );

  const columns: TableColumnsType<Service> = [
    {
      title: t("lgsp.service.name"),
      key: "name",
      render: (_: unknown, s: Service) => <Link to={`/exchange/services/${s.id}`}>{s.name}</Link>,
    },
    {
      title: t("lgsp.service.provider"),
      key: "provider",
      width: 260,
      render: (_: unknown, s: Service) => (
        <>
          {s.provider.organizationName}
          <br />
          <small>{s.provider.systemCode}</small>
        </>
      ),
    },
    { title: t("lgsp.service.code"), dataIndex: "code", width: 180 },
    { title: t("lgsp.service.version"), dataIndex: "version", width: 90 },
    {
      title: t("lgsp.service.kind"),
      dataIndex: "kind",
      width: 80,
      render: (v: string) => t(key("lgspKind", v)),
    },
    {
      title: t("lgsp.service.status"),
      dataIndex: "status",
      width: 130,
      render: (v: Service["status"]) => (
        <Tag color={serviceStatusColors[v]}>{t(key("lgspStatus", v))}</Tag>
      ),
    },
    {
      title: t("lgsp.service.classification"),
      dataIndex: "classification",
      width: 130,
      render: (v: string) => t(key("lgspClass", v)),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("lgsp.catalogue.title")}
        extra={
          isAdministrator(me) ? (
            <LinkButton type="primary" icon={<PlusOutlined />} to="/exchange/services/new">
              {t("nav.lgspRegister")}
            </LinkButton>
          ) : null
        }
      />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} role="search">
        <Form.Item label={t("common.search")} htmlFor="service-search">
          <Input.Search
            id="service-search"
            defaultValue={q}
            allowClear
            enterButton
            placeholder={t("lgsp.catalogue.searchPlaceholder")}
            onSearch={(value) => update("q", value.trim() || undefined)}
            style={{ width: 320 }}
          />
        </Form.Item>
        <Form.Item label={t("lgsp.service.kind")} htmlFor="service-kind">
          <Select
            id="service-kind"
            allowClear
            value={kind}
            placeholder={t("common.all")}
            onChange={(value?: string) => update("kind", value)}
            options={SERVICE_KINDS.map((s) => ({ value: s, label: t(key("lgspKind", s)) }))}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item label={t("lgsp.service.status")} htmlFor="service-status">
          <Select
            id="service-status"
            allowClear
            value={status}
            placeholder={t("common.all")}
            onChange={(value?: string) => update("status", value)}
            options={SERVICE_STATUSES.map((s) => ({ value: s, label: t(key("lgspStatus", s)) }))}
            style={{ width: 160 }}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<Service>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 1000 }}
        locale={{ emptyText: t("lgsp.catalogue.empty") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
