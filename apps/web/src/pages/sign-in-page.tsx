import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Flex, Form, Input, Typography } from "antd";
import { useEffect } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { signIn } from "../api/identity.ts";
import { SESSION_KEY, adoptSession, useSession } from "../auth/session.ts";
import { LanguageSwitch } from "../components/language-switch.tsx";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { useT } from "../i18n/index.tsx";

type Credentials = { username: string; password: string };

/** Only same-site paths, so a crafted `?next=` cannot send the person elsewhere after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/**
 * Stands on its own (no app frame), so it can become the OIDC provider's interaction page when
 * sign-in moves behind the platform's own OpenID provider.
 */
export function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const queryClient = useQueryClient();
  const session = useSession();

  useEffect(() => {
    if (session.data) void navigate(next, { replace: true });
  }, [session.data, navigate, next]);

  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: (result) => {
      queryClient.setQueryData(SESSION_KEY, adoptSession(result));
    },
  });

  return (
    <Flex vertical style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Flex justify="flex-end" style={{ padding: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Flex justify="center" align="flex-start" style={{ flex: 1, padding: 16 }}>
        <main style={{ width: "100%", maxWidth: 400, marginTop: "8vh" }}>
          <Card>
            <Typography.Title level={1} style={{ fontSize: 28, marginTop: 0, marginBottom: 4 }}>
              {t("app.name")}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t("signIn.subtitle")}</Typography.Paragraph>
            <Typography.Title level={2} style={{ fontSize: 18 }}>
              {t("signIn.title")}
            </Typography.Title>
            {mutation.error ? <ProblemAlert error={mutation.error} /> : null}
            <Form<Credentials>
              layout="vertical"
              requiredMark={false}
              onFinish={(values) => mutation.mutate(values)}
              disabled={mutation.isPending}
            >
              <Form.Item
                name="username"
                label={t("signIn.username")}
                rules={[{ required: true, message: t("signIn.usernameRequired") }]}
              >
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item
                name="password"
                label={t("signIn.password")}
                rules={[{ required: true, message: t("signIn.passwordRequired") }]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
                {t("signIn.submit")}
              </Button>
            </Form>
          </Card>
        </main>
      </Flex>
    </Flex>
  );
}
