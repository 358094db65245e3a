import { SearchOutlined } from "@ant-design/icons";
import {
  Button,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Table,
  Typography,
  type TableColumnsType,
} from "antd";
import { useEffect } from "react";
import { Link, useSearchParams } from "react-router";
import {
  DOCUMENT_TYPES,
  INCOMING_STATUSES,
  OUTGOING_STATUSES,
  URGENCIES,
  searchDocuments,
  type SearchHit,
} from "../../api/documents.ts";
import { formatDate } from "../../components/format.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT, type MessageKey } from "../../i18n/index.tsx";
import { statusColumn, symbolColumn } from "./document-columns.tsx";
import { PriorityTags } from "./document-tags.tsx";
import { key, typeLabel } from "./labels.ts";
import { Highlighted, SnippetLine } from "./search-snippet.tsx";

/** The search's conditions, named as the API's query parameters and kept in the address. */
const CONDITIONS = [
  "q",
  "direction",
  "status",
  "typeCode",
  "urgency",
  "from",
  "to",
  "senderCode",
] as const;
type Conditions = Partial<Record<(typeof CONDITIONS)[number], string>>;

const conditionsOf = (params: URLSearchParams): Conditions =>
  Object.fromEntries(
    CONDITIONS.flatMap((name) => {
      const value = params.get(name);
      return value ? [[name, value]] : [];
    }),
  );

const statusesFor = (direction: string | undefined): readonly string[] =>
  direction === "incoming"
    ? INCOMING_STATUSES
    : direction === "outgoing"
      ? OUTGOING_STATUSES
      : [...OUTGOING_STATUSES, ...INCOMING_STATUSES];

/**
 * Tìm kiếm văn bản: words (accents optional) over subject, number, symbol, sender and the PDFs'
 * text, narrowed by the filters the search API offers; the conditions live in the address, so a
 * search can be bookmarked, shared and reloaded.
 */
export default function SearchPage() {
  const t = useT();
  const { language } = useLanguage();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Conditions>();
  const conditions = conditionsOf(params);
  const searched = Object.keys(conditions).length > 0;
  const list = usePagedList(
    ["documents", "search", conditions],
    (cursor) => searchDocuments({ ...conditions, cursor, limit: 20 }),
    searched,
  );

  // The form follows the address, also when the browser goes back to an earlier search.
  const address = params.toString();
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(conditionsOf(new URLSearchParams(address)));
  }, [form, address]);

  const search = (values: Conditions) => {
    const next = new URLSearchParams();
    for (const name of CONDITIONS) {
      const value = values[name]?.trim();
      if (value) next.set(name, value);
    }
    setParams(next);
  };

  const statuses = statusesFor(Form.useWatch("direction", form));
  // A status of the other direction would find nothing: drop it when the direction changes.
  const onValuesChange = (changed: Conditions, all: Conditions) => {
    if (
      "direction" in changed &&
      all.status &&
      !statusesFor(changed.direction).includes(all.status)
    )
      form.setFieldValue("status", undefined);
  };

  const columns: TableColumnsType<SearchHit> = [
    symbolColumn(t, 150),
    {
      title: t("documents.subject"),
      key: "subject",
      render: (_: unknown, d: SearchHit) => (
        <Flex vertical gap={2} align="start">
          <Link to={`/documents/${d.id}`}>
            {d.snippet?.field === "subject" ? <Highlighted snippet={d.snippet} /> : d.subject}
          </Link>
          {d.snippet ? <SnippetLine snippet={d.snippet} /> : null}
          <PriorityTags document={d} />
        </Flex>
      ),
    },
    {
      title: t("documents.type"),
      key: "type",
      width: 150,
      render: (_: unknown, d: SearchHit) => (
        <Flex vertical gap={2}>
          {typeLabel(d.typeCode, t)}
          <Typography.Text type="secondary">
            {t(key("documentDirection", d.direction))}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t("documents.sender"),
      key: "sender",
      width: 200,
      render: (_: unknown, d: SearchHit) => d.sender?.name ?? d.sender?.code ?? "—",
    },
    {
      title: t("documents.documentDate"),
      dataIndex: "documentDate",
      width: 120,
      render: (v: string | null) => (v ? formatDate(v, language) : "—"),
    },
    statusColumn(t),
  ];

  const labelled = (prefix: string, values: readonly string[]) =>
    values.map((value) => ({ value, label: t(key(prefix, value)) }));
  const choice = (
    name: keyof Conditions,
    label: MessageKey,
    options: { value: string; label: string }[],
    width = 170,
  ) => (
    <Form.Item name={name} label={t(label)} htmlFor={`search-${name}`}>
      <Select
        id={`search-${name}`}
        allowClear
        placeholder={t("common.all")}
        options={options}
        style={{ width }}
      />
    </Form.Item>
  );

  return (
    <>
      <PageHeader title={t("documents.search.title")} />
      <Form<Conditions>
        form={form}
        layout="inline"
        role="search"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={search}
        onValuesChange={onValuesChange}
      >
        <Form.Item name="q" label={t("documents.search.words")} htmlFor="search-q">
          <Input
            id="search-q"
            allowClear
            maxLength={200}
            prefix={<SearchOutlined />}
            placeholder={t("documents.search.placeholder")}
            style={{ width: 480 }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t("common.search")}
        </Button>
        <Button type="link" onClick={() => setParams(new URLSearchParams())} disabled={!searched}>
          {t("documents.search.clear")}
        </Button>
        <div style={{ flexBasis: "100%" }} />
        {choice(
          "direction",
          "documents.search.direction",
          labelled("documentDirection", ["outgoing", "incoming"]),
          140,
        )}
        {choice("status", "documents.status", labelled("documentStatus", statuses))}
        {choice(
          "typeCode",
          "documents.type",
          DOCUMENT_TYPES.map((value) => ({ value, label: typeLabel(value, t) })),
        )}
        {choice("urgency", "documents.urgency", labelled("urgency", URGENCIES), 160)}
        <Form.Item name="from" label={t("documents.search.from")} htmlFor="search-from">
          <Input id="search-from" type="date" />
        </Form.Item>
        <Form.Item name="to" label={t("documents.search.to")} htmlFor="search-to">
          <Input id="search-to" type="date" />
        </Form.Item>
        <Form.Item
          name="senderCode"
          label={t("documents.search.senderCode")}
          htmlFor="search-sender"
        >
          <Input
            id="search-sender"
            allowClear
            placeholder={t("documents.search.senderCodeHint")}
            style={{ width: 170 }}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      {list.error && list.items.length === 0 ? null : (
        <Table<SearchHit>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.isLoading}
          pagination={false}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  searched ? t("documents.search.noMatch") : t("documents.search.prompt")
                }
              />
            ),
          }}
        />
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
