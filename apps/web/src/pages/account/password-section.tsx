import { useMutation } from "@tanstack/react-query";
import { App, Button, Form, Input, Typography } from "antd";
import { changePassword } from "../../api/account.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";

type PasswordValues = { currentPassword: string; newPassword: string; confirm: string };

/** The server holds the whole policy (length, username, common passwords) and says what failed. */
const MIN_PASSWORD_LENGTH = 12;

export function PasswordSection() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const mutation = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordValues) =>
      changePassword({ currentPassword, newPassword }),
    onSuccess: () => {
      form.resetFields();
      void message.success(t("account.passwordChanged"));
    },
  });
  return (
    <SectionCard title={t("account.password")}>
      <Typography.Paragraph type="secondary">
        {t("account.passwordHelp", { min: MIN_PASSWORD_LENGTH })}
      </Typography.Paragraph>
      <ProblemAlert error={mutation.error} />
      <Form<PasswordValues>
        form={form}
        layout="vertical"
        onFinish={(values) => mutation.mutate(values)}
        style={{ maxWidth: 480 }}
      >
        <Form.Item
          name="currentPassword"
          label={t("account.currentPassword")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <Input.Password autoComplete="current-password" maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t("user.newPassword")}
          rules={[
            { required: true, message: t("common.required") },
            {
              min: MIN_PASSWORD_LENGTH,
              message: t("user.passwordTooShort", { min: MIN_PASSWORD_LENGTH }),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t("setPassword.confirm")}
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: t("common.required") },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue("newPassword")
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("setPassword.mismatch"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t("account.changePassword")}
        </Button>
      </Form>
    </SectionCard>
  );
}
