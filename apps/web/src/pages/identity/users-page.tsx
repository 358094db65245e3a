import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Space, Table, Tag, type TableColumnsType } from "antd";
import { useState } from "react";
import { listUsers, unlockUser } from "../../api/identity.ts";
import type { User } from "../../api/types.ts";
import { formatDateTime } from "../../components/format.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { useRoles } from "./use-roles.ts";
import { CreateUserModal, EditUserModal, PasswordModal } from "./user-modals.tsx";

type Dialog = { kind: "create" } | { kind: "edit" | "password"; user: User } | null;

const isLocked = (user: User) =>
  Boolean(user.lockedUntil && Date.parse(user.lockedUntil) > Date.now());

/** Accounts the administrator may manage (the server limits an org_admin to their subtree). */
export default function UsersPage() {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const reportProblem = useReportProblem();
  const roles = useRoles();
  const [q, setQ] = useState("");
  const [dialog, setDialog] = useState<Dialog>(null);

  const list = usePagedList(["users", q], (cursor) => listUsers({ q, cursor, limit: 50 }));
  const unlock = useMutation({
    mutationFn: (user: User) => unlockUser(user.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      void message.success(t("users.unlocked"));
    },
    onError: reportProblem,
  });

  const columns: TableColumnsType<User> = [
    { title: t("user.username"), dataIndex: "username", width: 150 },
    { title: t("user.displayName"), dataIndex: "displayName", width: 220 },
    {
      title: t("user.organization"),
      key: "organization",
      width: 240,
      render: (_, u) => u.organization.name,
    },
    {
      title: t("user.roles"),
      dataIndex: "roles",
      width: 220,
      render: (list: User["roles"]) =>
        list.map((role) => <Tag key={role}>{roles.label(role)}</Tag>),
    },
    {
      title: t("user.status"),
      key: "status",
      width: 150,
      render: (_, u) => (
        <Space size={4} wrap>
          <Tag color={u.status === "active" ? "green" : "default"}>
            {t(`userStatus.${u.status}`)}
          </Tag>
          {isLocked(u) ? <Tag color="red">{t("user.locked")}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t("user.lastSignIn"),
      dataIndex: "lastSignInAt",
      width: 180,
      render: (value: string | null) => formatDateTime(value, language),
    },
    {
      title: t("common.actions"),
      key: "actions",
      width: 260,
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" onClick={() => setDialog({ kind: "edit", user: u })}>
            {t("common.edit")}
          </Button>
          <Button type="link" onClick={() => setDialog({ kind: "password", user: u })}>
            {t("users.resetPassword")}
          </Button>
          {isLocked(u) ? (
            <Button type="link" onClick={() => unlock.mutate(u)} loading={unlock.isPending}>
              {t("users.unlock")}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("users.title")}
        extra={
          <Space>
            <LinkButton icon={<UploadOutlined />} to="/identity/users/import">
              {t("users.import")}
            </LinkButton>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: "create" })}
            >
              {t("users.create")}
            </Button>
          </Space>
        }
      />
      <Form layout="inline" style={{ marginBottom: 16 }} role="search">
        <Form.Item label={t("common.search")} htmlFor="user-search">
          <Input.Search
            id="user-search"
            allowClear
            enterButton
            placeholder={t("users.searchPlaceholder")}
            onSearch={(value) => setQ(value.trim())}
            style={{ width: 360 }}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 1400 }}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
      {dialog?.kind === "create" ? <CreateUserModal onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "edit" ? (
        <EditUserModal user={dialog.user} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === "password" ? (
        <PasswordModal user={dialog.user} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}
