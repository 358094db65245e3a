import { useMutation } from "@tanstack/react-query";
import { Button, Form, Typography } from "antd";
import { submitSecondFactor } from "../../api/interaction.ts";
import { CodeField, compactCode } from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type SecondFactorStepProps = { uid: string; onDone: (redirectTo: string) => void };

/** A code from the authenticator app, or one of the recovery codes when the phone is not at hand. */
export function SecondFactorStep({ uid, onDone }: SecondFactorStepProps) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const mutation = useMutation({
    mutationFn: (code: string) => submitSecondFactor(uid, compactCode(code)),
    onSuccess: (result) => onDone(result.redirectTo),
    onError: () => {
      form.setFieldValue("code", "");
      form.getFieldInstance("code")?.focus();
    },
  });
  return (
    <>
      <Typography.Paragraph>{t("secondFactor.intro")}</Typography.Paragraph>
      <ProblemAlert error={mutation.error} />
      <Form<{ code: string }>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values.code)}
        disabled={mutation.isPending}
      >
        <CodeField label={t("secondFactor.code")} allowRecovery autoFocus />
        <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
          {t("secondFactor.verify")}
        </Button>
      </Form>
    </>
  );
}
