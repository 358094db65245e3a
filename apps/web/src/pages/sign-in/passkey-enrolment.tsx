import { useMutation } from "@tanstack/react-query";
import { Button, Form, Input, Typography } from "antd";
import { enrolPasskey, passkeyEnrolmentOptions } from "../../api/interaction.ts";
import { createPasskey } from "../../api/passkey.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type PasskeyEnrolmentProps = {
  uid: string;
  onDone: (result: { recoveryCodes: string[]; redirectTo: string }) => void;
};

/** The account's first second factor as a passkey: name it, let the browser create it, done. */
export function PasskeyEnrolment({ uid, onDone }: PasskeyEnrolmentProps) {
  const t = useT();
  const mutation = useMutation({
    mutationFn: async (name: string) => {
      const options = await passkeyEnrolmentOptions(uid);
      const response = await createPasskey(options, t("passkey.failed"));
      return enrolPasskey(uid, { name: name.trim(), response });
    },
    onSuccess: onDone,
  });
  return (
    <>
      <Typography.Paragraph>{t("enrolment.passkeyIntro")}</Typography.Paragraph>
      <ProblemAlert error={mutation.error} />
      <Form<{ name: string }>
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: t("passkey.defaultName") }}
        onFinish={(values) => mutation.mutate(values.name)}
        disabled={mutation.isPending}
      >
        <Form.Item
          name="name"
          label={t("passkey.name")}
          extra={t("passkey.nameHelp")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input maxLength={64} autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
          {t("passkey.create")}
        </Button>
      </Form>
    </>
  );
}
