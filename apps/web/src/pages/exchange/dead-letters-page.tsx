import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Table, type TableColumnsType } from "antd";
import { listDeadLetters, redeliverMessage, type Message } from "../../api/exchange.ts";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

/** Messages whose delivery gave up, with the last error, and a way to queue them again. */
export default function DeadLettersPage() {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ["lgsp-dead-letters"],
    queryFn: () => listDeadLetters({ limit: 200 }),
  });
  const redeliver = useMutation({
    mutationFn: redeliverMessage,
    onSuccess: async () => {
      void message.success(t("lgsp.deadLetters.redelivered"));
      await queryClient.invalidateQueries({ queryKey: ["lgsp-dead-letters"] });
    },
    onError: reportProblem,
  });

  const columns: TableColumnsType<Message> = [
    {
      title: t("lgsp.deadLetters.message"),
      key: "message",
      width: 280,
      render: (_: unknown, m: Message) => (
        <>
          <code>{m.id}</code>
          <br />
          <small>
            {m.contentType}, {m.bytes} B — {formatDateTime(m.acceptedAt, language)}
          </small>
        </>
      ),
    },
    {
      title: t("lgsp.exchanges.correlationId"),
      dataIndex: "correlationId",
      width: 200,
      render: (v: string) => <code>{v}</code>,
    },
    {
      title: t("lgsp.deadLetters.lastError"),
      key: "error",
      render: (_: unknown, m: Message) =>
        [m.responseStatus ? `HTTP ${m.responseStatus}` : null, m.lastError]
          .filter(Boolean)
          .join(" — ") || "—",
    },
    { title: t("lgsp.deadLetters.attempts"), dataIndex: "attempts", width: 100 },
    {
      title: t("lgsp.deadLetters.deadAt"),
      dataIndex: "deadAt",
      width: 180,
      render: (v: string | null) => formatDateTime(v, language),
    },
    {
      title: t("common.actions"),
      key: "actions",
      width: 150,
      render: (_: unknown, m: Message) => (
        <Button
          size="small"
          loading={redeliver.isPending && redeliver.variables === m.id}
          aria-label={t("lgsp.deadLetters.redeliverNamed", { id: m.id })}
          onClick={() => redeliver.mutate(m.id)}
        >
          {t("lgsp.deadLetters.redeliver")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t("lgsp.deadLetters.title")} />
      <ProblemAlert error={list.error} />
      <Table<Message>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        pagination={false}
        size="middle"
        scroll={{ x: 1100 }}
        locale={{ emptyText: t("lgsp.deadLetters.empty") }}
      />
    </>
  );
}
