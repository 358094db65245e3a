import { Button, Flex, Form, Input, Select, Table, type TableColumnsType } from "antd";
import { Link, useSearchParams } from "react-router";
import {
  INCOMING_STATUSES,
  listDocuments,
  OUTGOING_STATUSES,
  type Direction,
  type DocumentSummary,
} from "../../api/documents.ts";
import { formatDate } from "../../components/format.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { statusColumn, symbolColumn } from "./document-columns.tsx";
import { PriorityTags } from "./document-tags.tsx";
import { key, typeLabel } from "./labels.ts";

type Filters = { status?: string; q?: string };

/** One direction's documents, newest first, filtered by status and words (kept in the address). */
export function DocumentList({ direction }: { direction: Direction }) {
  const t = useT();
  const { language } = useLanguage();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    status: params.get("status") ?? undefined,
    q: params.get("q") ?? undefined,
  };
  const list = usePagedList(["documents", direction, filters.status, filters.q], (cursor) =>
    listDocuments({ direction, status: filters.status, q: filters.q, cursor, limit: 20 }),
  );
  const apply = (v: Filters) => {
    const next = new URLSearchParams();
    if (v.status) next.set("status", v.status);
    if (v.q?.trim()) next.set("q", v.q.trim());
    setParams(next, { replace: true });
  };

  const statuses = direction === "incoming" ? INCOMING_STATUSES : OUTGOING_STATUSES;
  const columns: TableColumnsType<DocumentSummary> = [
    symbolColumn(t),
    {
      title: t("documents.subject"),
      key: "subject",
      render: (_: unknown, d: DocumentSummary) => (
        <Flex vertical gap={2} align="start">
          <Link to={`/documents/${d.id}`}>{d.subject}</Link>
          <PriorityTags document={d} />
        </Flex>
      ),
    },
    direction === "incoming"
      ? {
          title: t("documents.sender"),
          key: "sender",
          width: 240,
          render: (_: unknown, d: DocumentSummary) => d.sender?.name ?? d.sender?.code ?? "—",
        }
      : {
          title: t("documents.type"),
          dataIndex: "typeCode",
          width: 150,
          render: (v: string) => typeLabel(v, t),
        },
    {
      title: direction === "incoming" ? t("documents.receivedAt") : t("documents.createdAt"),
      dataIndex: "createdAt",
      width: 120,
      render: (v: string) => formatDate(v, language),
    },
    {
      title: t("documents.dueDate"),
      dataIndex: "dueDate",
      width: 120,
      render: (v: string | null) => (v ? formatDate(v, language) : "—"),
    },
    statusColumn(t),
  ];

  return (
    <>
      <Form<Filters>
        layout="inline"
        role="search"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={filters}
        onFinish={apply}
      >
        <Form.Item name="q" label={t("common.search")} htmlFor={`documents-${direction}-q`}>
          <Input id={`documents-${direction}-q`} allowClear style={{ width: 280 }} />
        </Form.Item>
        <Form.Item
          name="status"
          label={t("documents.status")}
          htmlFor={`documents-${direction}-status`}
        >
          <Select
            id={`documents-${direction}-status`}
            allowClear
            placeholder={t("common.all")}
            options={statuses.map((s) => ({ value: s, label: t(key("documentStatus", s)) }))}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t("documents.filter")}
        </Button>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<DocumentSummary>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 1000 }}
        locale={{ emptyText: t("documents.empty") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
