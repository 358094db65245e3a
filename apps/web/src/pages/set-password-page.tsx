import { LockOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Spin, Typography } from "antd";
import { useParams } from "react-router";
import { apiRequest } from "../api/client.ts";
import { useSession } from "../auth/session.ts";
import { formatDateTime } from "../components/format.ts";
import { LanguageSwitch } from "../components/language-switch.tsx";
import { LinkButton } from "../components/link-button.tsx";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { useLanguage, useT } from "../i18n/index.tsx";

type LinkDescription = {
  username: string;
  displayName: string;
  organization: { code: string; name: string };
  expiresAt: string;
  passwordPolicy: { minLength: number; maxLength: number };
};

type Passwords = { password: string; confirm: string };

const linkPath = (token: string) => `/api/v1/identity/password-links/${encodeURIComponent(token)}`;

/**
 * Public page behind the one-time link an administrator hands a new colleague: it names the
 * account, explains the password policy and sets the first password. Needs no sign-in.
 */
export function SetPasswordPage() {
  const t = useT();
  const { language } = useLanguage();
  const { token = "" } = useParams();
  // A browser that is signed in must send its CSRF token with the POST; this adopts it.
  const session = useSession();
  const link = useQuery({
    queryKey: ["password-link", token],
    queryFn: () => apiRequest<LinkDescription>(linkPath(token)),
    retry: false,
    staleTime: Infinity,
  });
  const mutation = useMutation({
    mutationFn: (password: string) =>
      apiRequest<{ username: string }>(linkPath(token), { method: "POST", body: { password } }),
  });
  const minLength = link.data?.passwordPolicy.minLength ?? 12;

  return (
    <Flex vertical style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Flex justify="flex-end" style={{ padding: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Flex justify="center" align="flex-start" style={{ flex: 1, padding: 16 }}>
        <main style={{ width: "100%", maxWidth: 480, marginTop: "6vh" }}>
          <Card>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {t("app.name")}
            </Typography.Paragraph>
            <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
              {t("setPassword.title")}
            </Typography.Title>
            {link.isPending ? (
              <Flex justify="center" style={{ padding: 24 }}>
                <Spin aria-label={t("common.loading")} />
              </Flex>
            ) : null}
            <ProblemAlert error={link.error} />
            {mutation.data ? (
              <>
                <Alert
                  role="status"
                  type="success"
                  showIcon
                  title={t("setPassword.done", { username: mutation.data.username })}
                  style={{ marginBottom: 16 }}
                />
                <LinkButton type="primary" block to="/sign-in">
                  {t("setPassword.signIn")}
                </LinkButton>
              </>
            ) : link.data ? (
              <>
                <Descriptions
                  column={1}
                  size="small"
                  style={{ marginBottom: 16 }}
                  items={[
                    { label: t("user.username"), children: link.data.username },
                    { label: t("user.displayName"), children: link.data.displayName },
                    { label: t("user.organization"), children: link.data.organization.name },
                    {
                      label: t("setPassword.expires"),
                      children: formatDateTime(link.data.expiresAt, language),
                    },
                  ]}
                />
                <Alert
                  type="info"
                  showIcon
                  title={t("setPassword.policy", { min: minLength })}
                  style={{ marginBottom: 16 }}
                />
                <ProblemAlert error={mutation.error} />
                <Form<Passwords>
                  layout="vertical"
                  requiredMark={false}
                  onFinish={(values) => mutation.mutate(values.password)}
                  disabled={mutation.isPending || session.isPending}
                >
                  {/* Lets password managers file the new password under the right account. */}
                  <input
                    type="text"
                    name="username"
                    autoComplete="username"
                    value={link.data.username}
                    readOnly
                    hidden
                  />
                  <Form.Item
                    name="password"
                    label={t("setPassword.password")}
                    rules={[
                      { required: true, message: t("common.required") },
                      { min: minLength, message: t("user.passwordTooShort", { min: minLength }) },
                      { max: link.data.passwordPolicy.maxLength },
                    ]}
                    hasFeedback
                  >
                    <Input.Password
                      prefix={<LockOutlined />}
                      autoComplete="new-password"
                      autoFocus
                    />
                  </Form.Item>
                  <Form.Item
                    name="confirm"
                    label={t("setPassword.confirm")}
                    dependencies={["password"]}
                    hasFeedback
                    rules={[
                      { required: true, message: t("common.required") },
                      ({ getFieldValue }) => ({
                        validator: (_, value) =>
                          !value || getFieldValue("password") === value
                            ? Promise.resolve()
                            : Promise.reject(new Error(t("setPassword.mismatch"))),
                      }),
                    ]}
                  >
                    <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
                    {t("setPassword.submit")}
                  </Button>
                </Form>
              </>
            ) : null}
          </Card>
        </main>
      </Flex>
    </Flex>
  );
}
