import { LogoutOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { endSession, listSessions, signOutEverywhere } from "../../api/account.ts";
import type { AccountSession } from "../../api/types.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { describeUserAgent } from "../../components/user-agent.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";

const SESSIONS_KEY = ["account", "sessions"] as const;

/** Every browser signed in as this person, with a way to end one or all of them. */
export function SessionsSection() {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: listSessions });
  const end = useMutation({
    mutationFn: (session: AccountSession) => endSession(session.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
      void message.success(t("account.sessionEnded"));
    },
    onError: reportProblem,
  });
  // Every session of the account ends, this one too; the provider's page ends the single sign-on.
  const everywhere = useMutation({
    mutationFn: signOutEverywhere,
    onSuccess: ({ redirectTo }) => window.location.assign(redirectTo),
    onError: reportProblem,
  });

  const columns: TableColumnsType<AccountSession> = [
    {
      title: t("account.device"),
      key: "device",
      render: (_, s) => (
        <Space size={4} wrap>
          <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent, t)}</span>
          {s.current ? <Tag color="blue">{t("account.thisDevice")}</Tag> : null}
        </Space>
      ),
    },
    { title: t("audit.ip"), dataIndex: "ip", render: (ip: string | null) => ip ?? "—" },
    {
      title: t("account.via"),
      dataIndex: "via",
      render: (via: AccountSession["via"]) =>
        t(via === "sso" ? "account.viaSso" : "account.viaPassword"),
    },
    {
      title: t("account.signedInAt"),
      dataIndex: "createdAt",
      render: (at: string) => formatDateTime(at, language),
    },
    {
      title: t("account.lastSeenAt"),
      dataIndex: "lastSeenAt",
      render: (at: string) => formatDateTime(at, language),
    },
    {
      title: t("common.actions"),
      key: "actions",
      render: (_, s) =>
        s.current ? null : (
          <Button
            type="link"
            onClick={() => end.mutate(s)}
            loading={end.isPending && end.variables?.id === s.id}
            aria-label={t("account.endSessionOf", { device: describeUserAgent(s.userAgent, t) })}
          >
            {t("account.endSession")}
          </Button>
        ),
    },
  ];

  return (
    <SectionCard
      title={t("account.sessions")}
      extra={
        <Popconfirm
          title={t("account.signOutEverywhereConfirm")}
          okText={t("account.signOutEverywhere")}
          cancelText={t("common.cancel")}
          okButtonProps={{ danger: true, loading: everywhere.isPending }}
          onConfirm={() => everywhere.mutate()}
        >
          <Button danger icon={<LogoutOutlined />}>
            {t("account.signOutEverywhere")}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t("account.sessionsHelp")}</Typography.Paragraph>
      <ProblemAlert error={sessions.error} />
      <Table<AccountSession>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={sessions.data?.items ?? []}
        loading={sessions.isPending}
        pagination={false}
        scroll={{ x: 800 }}
      />
    </SectionCard>
  );
}
