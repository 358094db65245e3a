import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Button, Form, Input } from "antd";
import { submitPassword, type StepResult } from "../../api/interaction.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type Credentials = { username: string; password: string };

type PasswordStepProps = {
  uid: string;
  loginHint: string | null;
  onResult: (result: StepResult) => void;
};

/** Username and password; the answer is the next step or the way back to the provider. */
export function PasswordStep({ uid, loginHint, onResult }: PasswordStepProps) {
  const t = useT();
  const [form] = Form.useForm<Credentials>();
  const mutation = useMutation({
    mutationFn: (values: Credentials) => submitPassword(uid, values),
    onSuccess: onResult,
    onError: () => {
      form.setFieldValue("password", "");
      form.getFieldInstance("password")?.focus();
    },
  });
  return (
    <>
      <ProblemAlert error={mutation.error} />
      <Form<Credentials>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ username: loginHint ?? "" }}
        onFinish={(values) => mutation.mutate(values)}
        disabled={mutation.isPending}
      >
        <Form.Item
          name="username"
          label={t("signIn.username")}
          rules={[{ required: true, whitespace: true, message: t("signIn.usernameRequired") }]}
        >
          <Input
            prefix={<UserOutlined />}
            autoComplete="username"
            autoFocus={!loginHint}
            maxLength={200}
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("signIn.password")}
          rules={[{ required: true, message: t("signIn.passwordRequired") }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            autoFocus={Boolean(loginHint)}
            maxLength={1000}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
          {t("signIn.submit")}
        </Button>
      </Form>
    </>
  );
}
