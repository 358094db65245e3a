import { DownloadOutlined } from "@ant-design/icons";
import { Button, Form, Input, Space, Table, type TableColumnsType } from "antd";
import { useState } from "react";
import {
  EXPORT_FORMATS,
  exportUrl,
  listEntries,
  type EntryFilter,
  type Register,
  type RegisterEntry,
} from "../../api/documents-registers.ts";
import { formatDate } from "../../components/format.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { PriorityTags } from "./document-tags.tsx";
import { typeLabel } from "./labels.ts";

/** A register's entries by number, with the filters the exports (Decree 30 form) apply too. */
export function RegisterEntries({ register }: { register: Register }) {
  const t = useT();
  const { language } = useLanguage();
  const [filter, setFilter] = useState<EntryFilter>({});
  const list = usePagedList(
    ["register-entries", register.id, filter.q, filter.from, filter.to],
    (cursor) => listEntries(register.id, { ...filter, cursor, limit: 50 }),
  );
  const incoming = register.direction === "incoming";
  const columns: TableColumnsType<RegisterEntry> = [
    { title: t("registers.number"), dataIndex: "number", width: 80 },
    { title: t("documents.symbol"), dataIndex: "symbol", width: 150 },
    {
      title: t("documents.documentDate"),
      dataIndex: "documentDate",
      width: 120,
      render: (v: string) => formatDate(v, language),
    },
    ...(incoming
      ? [
          {
            title: t("registers.receivedOn"),
            dataIndex: "receivedOn",
            width: 120,
            render: (v: string | null) => formatDate(v, language),
          },
        ]
      : []),
    {
      title: t("documents.type"),
      dataIndex: "typeCode",
      width: 130,
      render: (v: string) => typeLabel(v, t),
    },
    {
      title: t("documents.subject"),
      key: "subject",
      render: (_: unknown, e: RegisterEntry) => (
        <>
          {e.subject} <PriorityTags document={e} />
        </>
      ),
    },
    {
      title: incoming ? t("documents.sender") : t("registers.recipients"),
      dataIndex: "counterpart",
      width: 220,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("documents.signer"),
      dataIndex: "signer",
      width: 180,
      render: (v: string | null) => v ?? "—",
    },
  ];

  return (
    <>
      <Form<EntryFilter>
        layout="inline"
        role="search"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) =>
          setFilter({
            q: v.q?.trim() || undefined,
            from: v.from || undefined,
            to: v.to || undefined,
          })
        }
      >
        <Form.Item name="q" label={t("common.search")} htmlFor="entries-q">
          <Input id="entries-q" allowClear style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="from" label={t("registers.from")} htmlFor="entries-from">
          <Input id="entries-from" type="date" />
        </Form.Item>
        <Form.Item name="to" label={t("registers.to")} htmlFor="entries-to">
          <Input id="entries-to" type="date" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t("documents.filter")}
        </Button>
      </Form>
      <Space wrap style={{ marginBottom: 16 }}>
        {EXPORT_FORMATS.map((format) => (
          <Button
            key={format}
            icon={<DownloadOutlined />}
            href={exportUrl(register.id, format, filter)}
            download
          >
            {t("registers.export", { format: format.toUpperCase() })}
          </Button>
        ))}
      </Space>
      <ProblemAlert error={list.error} />
      <Table<RegisterEntry>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 1100 }}
        locale={{ emptyText: t("registers.noEntries") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
