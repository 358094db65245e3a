import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, Flex, Form, Space, Spin } from "antd";
import { confirmTotp, startTotp } from "../../api/account.ts";
import {
  AuthenticatorSecret,
  CodeField,
  compactCode,
} from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type EnrolmentValues = { code: string; currentCode?: string };

type TotpEnrolmentProps = {
  /** Replacing a confirmed app needs a code from the old one (or a recovery code) as well. */
  replacing: boolean;
  onDone: (recoveryCodes: string[]) => void;
  onCancel: () => void;
};

/** Adds an authenticator app (or moves to a new one) from the account page. */
export function TotpEnrolment({ replacing, onDone, onCancel }: TotpEnrolmentProps) {
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
  const confirm = useMutation({
    mutationFn: (values: EnrolmentValues) =>
      confirmTotp({
        code: compactCode(values.code),
        currentCode: values.currentCode ? compactCode(values.currentCode) : undefined,
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
        layout="vertical"
        onFinish={(values) => confirm.mutate(values)}
        disabled={confirm.isPending}
      >
        <CodeField label={t("enrolment.code")} autoFocus />
        {replacing ? (
          <CodeField name="currentCode" label={t("account.oldAppCode")} allowRecovery />
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={confirm.isPending}>
            {t("enrolment.confirm")}
          </Button>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
