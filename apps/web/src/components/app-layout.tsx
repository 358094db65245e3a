import { IdcardOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Avatar, Button, Dropdown, Flex, Layout, Menu, Spin, Typography } from "antd";
import { Suspense, useMemo } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { signOut } from "../api/identity.ts";
import { listModules } from "../api/platform.ts";
import { useCurrentUser } from "../auth/current-user.tsx";
import { useLanguage, useT } from "../i18n/index.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
import { activeLink, buildNavigation } from "./navigation.ts";
import { ProblemAlert, useReportProblem } from "./problem-alert.tsx";

/** The signed-in frame: menu built from the installed modules, header with language and user. */
export function AppLayout() {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const reportProblem = useReportProblem();

  const modules = useQuery({ queryKey: ["modules"], queryFn: listModules, staleTime: Infinity });
  const groups = useMemo(() => buildNavigation(modules.data?.items ?? [], me), [modules.data, me]);
  const selected = activeLink(groups, location.pathname);

  // The web session ends here; the provider's page at `redirectTo` ends the single sign-on too.
  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSuccess: ({ redirectTo }) => window.location.assign(redirectTo),
    onError: reportProblem,
  });

  const menuItems = groups.map((group) => ({
    key: group.module.id,
    type: "group" as const,
    label: group.module.title[language],
    children: group.links.map((link) => ({ key: link.path, label: t(link.label) })),
  }));

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, paddingInline: 24 }}>
        <Typography.Text strong style={{ color: "#fff", fontSize: 18, whiteSpace: "nowrap" }}>
          {t("app.name")}
        </Typography.Text>
        <Typography.Text style={{ color: "rgba(255,255,255,0.75)" }} ellipsis>
          {t("app.tagline")}
        </Typography.Text>
        <Flex gap={12} align="center" style={{ marginInlineStart: "auto" }}>
          <LanguageSwitch />
          <Dropdown
            trigger={["click"]}
            menu={{
              items: [
                {
                  key: "who",
                  disabled: true,
                  label: (
                    <Flex vertical>
                      <Typography.Text strong>{me.displayName}</Typography.Text>
                      <Typography.Text type="secondary">{me.organization.name}</Typography.Text>
                    </Flex>
                  ),
                },
                { type: "divider" },
                {
                  key: "account",
                  icon: <IdcardOutlined />,
                  label: t("user.account"),
                  onClick: () => void navigate("/account"),
                },
                {
                  key: "sign-out",
                  icon: <LogoutOutlined />,
                  label: t("user.signOut"),
                  onClick: () => signOutMutation.mutate(),
                },
              ],
            }}
          >
            <Button type="text" style={{ color: "#fff" }} title={t("user.menu")}>
              <Avatar size="small" icon={<UserOutlined />} />
              <span>{me.displayName}</span>
            </Button>
          </Dropdown>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={240} breakpoint="lg" collapsedWidth={0} theme="light">
          <nav aria-label={t("nav.label")}>
            {modules.error ? <ProblemAlert error={modules.error} /> : null}
            <Menu
              mode="inline"
              items={menuItems}
              selectedKeys={selected ? [selected] : []}
              onClick={({ key }) => void navigate(key)}
              style={{ borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin aria-label={t("common.loading")} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
