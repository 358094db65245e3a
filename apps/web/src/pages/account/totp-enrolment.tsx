import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, Flex, Form, Space, Spin } from "antd";
import { confirmTotp, passkeyProof, startTotp } from "../../api/account.ts";
import {
  AuthenticatorSecret,
  CodeField,
  compactCode,
} from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type EnrolmentValues = { code: string; currentCode?: string };

type TotpEnrolmentProps = {
  /**
   * The account already has a second factor (an app being replaced, or a passkey): proof of it is
   * needed as well, a current code, a recovery code or a passkey.
   */
  proofNeeded: boolean;
  passkeys: boolean;
  onDone: (recoveryCodes: string[]) => void;
  onCancel: () => void;
};

/** Adds an authenticator app (or moves to a new one) from the account page. */
export function TotpEnrolment({ proofNeeded, passkeys, onDone, onCancel }: TotpEnrolmentProps) {
  const t = useT();
  // One secret per visit of this panel: a refetch would void the one already scanned.
  const enrolment = useQuery({
    queryKey: ["account", "totp-enrolment"],
    queryFn: startTotp,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnReconnect: false,
  });
  const [form] = Form.useForm<EnrolmentValues>();
  const confirm = useMutation({
    mutationFn: async ({ withPasskey, ...values }: EnrolmentValues & { withPasskey: boolean }) =>
      confirmTotp({
        code: compactCode(values.code),
        currentCode: values.currentCode ? compactCode(values.currentCode) : undefined,
        currentPasskey: withPasskey ? (await passkeyProof(t("passkey.failed"))).passkey : undefined,
      }),
    onSuccess: (result) => onDone(result.recoveryCodes),
  });
  if (enrolment.isPending) {
    return (
      <Flex justify="center" style={{ padding: 24 }}>
        <Spin aria-label={t("common.loading")} />
      </Flex>
    );
  }
  if (!enrolment.data) return <ProblemAlert error={enrolment.error} />;
  return (
    <>
      <AuthenticatorSecret enrolment={enrolment.data} />
      <ProblemAlert error={confirm.error} />
      <Form<EnrolmentValues>
        form={form}
        layout="vertical"
        onFinish={(values) => confirm.mutate({ ...values, withPasskey: false })}
        disabled={confirm.isPending}
      >
        <CodeField label={t("enrolment.code")} autoFocus />
        {proofNeeded ? (
          <CodeField name="currentCode" label={t("account.oldAppCode")} allowRecovery />
        ) : null}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={confirm.isPending}>
            {t("enrolment.confirm")}
          </Button>
          {proofNeeded && passkeys ? (
            <Button
              onClick={() =>
                void form
                  .validateFields(["code"])
                  .then((values) => confirm.mutate({ ...values, withPasskey: true }))
                  .catch(() => undefined)
              }
            >
              {t("account.confirmWithPasskey")}
            </Button>
          ) : null}
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
