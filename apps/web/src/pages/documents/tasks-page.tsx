import { Flex, Segmented, Table, Tag, type TableColumnsType } from "antd";
import { Link, useSearchParams } from "react-router";
import { listMyTasks, TASK_FILTERS, type Task } from "../../api/documents-registers.ts";
import { formatDate } from "../../components/format.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { PriorityTags, StatusTag } from "./document-tags.tsx";
import { key } from "./labels.ts";

const deadlineColors = { overdue: "red", due_soon: "orange", later: "green", none: "default" };

/** Việc của tôi: documents assigned to me, my unit, or co-handled by me; most urgent first. */
export default function TasksPage() {
  const t = useT();
  const { language } = useLanguage();
  const [params, setParams] = useSearchParams();
  const filter = params.get("filter") ?? "all_open";
  const list = usePagedList(["document-tasks", filter], (cursor) =>
    listMyTasks({ filter, cursor, limit: 20 }),
  );

  const columns: TableColumnsType<Task> = [
    {
      title: t("documents.symbol"),
      dataIndex: "symbol",
      width: 150,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("documents.subject"),
      key: "subject",
      render: (_: unknown, d: Task) => (
        <Flex vertical gap={2} align="start">
          <Link to={`/documents/${d.id}`}>{d.subject}</Link>
          <PriorityTags document={d} />
        </Flex>
      ),
    },
    {
      title: t("documents.dueDate"),
      key: "due",
      width: 200,
      render: (_: unknown, d: Task) => (
        <>
          {formatDate(d.dueDate, language)}{" "}
          {d.deadline.state !== "none" ? (
            <Tag color={deadlineColors[d.deadline.state]}>
              {t(key("deadline", d.deadline.state), { days: Math.abs(d.deadline.daysLeft ?? 0) })}
            </Tag>
          ) : null}
        </>
      ),
    },
    {
      title: t("documents.handling.main"),
      key: "handler",
      width: 200,
      render: (_: unknown, d: Task) =>
        d.handling?.mainUser?.name ?? d.handling?.mainUnit?.name ?? "—",
    },
    {
      title: t("documents.status"),
      dataIndex: "status",
      width: 150,
      render: (v: string) => <StatusTag status={v} />,
    },
  ];

  return (
    <>
      <PageHeader title={t("tasks.title")} />
      <Segmented
        style={{ marginBottom: 16 }}
        value={filter}
        onChange={(v) => setParams({ filter: String(v) }, { replace: true })}
        options={TASK_FILTERS.map((f) => ({ value: f, label: t(key("taskFilter", f)) }))}
      />
      <ProblemAlert error={list.error} />
      <Table<Task>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 900 }}
        locale={{ emptyText: t("tasks.empty") }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}
