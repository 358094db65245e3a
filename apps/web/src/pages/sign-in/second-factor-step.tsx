import { KeyOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, Divider, Form, Typography } from "antd";
import {
  fetchInteraction,
  passkeySignInOptions,
  submitPasskey,
  submitSecondFactor,
} from "../../api/interaction.ts";
import { passkeysSupported, signWithPasskey } from "../../api/passkey.ts";
import { CodeField, compactCode } from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type SecondFactorStepProps = { uid: string; onDone: (redirectTo: string) => void };

/**
 * The second step: the account's passkey where it has one, a code from the authenticator app, or
 * one of the recovery codes when neither is at hand.
 */
export function SecondFactorStep({ uid, onDone }: SecondFactorStepProps) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  // Asked afresh: the page may have loaded before the password said whose account this is.
  const factors = useQuery({
    queryKey: ["interaction", uid, "second-factor"],
    queryFn: async () => (await fetchInteraction(uid)).secondFactor,
    staleTime: Infinity,
    retry: false,
  });
  const mutation = useMutation({
    mutationFn: (code: string) => submitSecondFactor(uid, compactCode(code)),
    onSuccess: (result) => onDone(result.redirectTo),
    onError: () => {
      form.setFieldValue("code", "");
      form.getFieldInstance("code")?.focus();
    },
  });
  const passkey = useMutation({
    mutationFn: async () => {
      const options = await passkeySignInOptions(uid);
      return submitPasskey(uid, await signWithPasskey(options, t("passkey.failed")));
    },
    onSuccess: (result) => onDone(result.redirectTo),
  });
  const offerPasskey =
    factors.data?.passkey === true && factors.data.passkeysAvailable && passkeysSupported();
  const busy = mutation.isPending || passkey.isPending;
  return (
    <>
      <Typography.Paragraph>
        {t(offerPasskey ? "secondFactor.passkeyIntro" : "secondFactor.intro")}
      </Typography.Paragraph>
      <ProblemAlert error={passkey.error ?? mutation.error} />
      {offerPasskey ? (
        <>
          <Button
            type="primary"
            block
            icon={<KeyOutlined />}
            loading={passkey.isPending}
            disabled={mutation.isPending}
            onClick={() => passkey.mutate()}
          >
            {t("secondFactor.usePasskey")}
          </Button>
          <Divider plain>{t("secondFactor.orCode")}</Divider>
        </>
      ) : null}
      <Form<{ code: string }>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values.code)}
        disabled={busy}
      >
        <CodeField label={t("secondFactor.code")} allowRecovery autoFocus={!offerPasskey} />
        <Button
          type={offerPasskey ? "default" : "primary"}
          htmlType="submit"
          block
          loading={mutation.isPending}
        >
          {t("secondFactor.verify")}
        </Button>
      </Form>
    </>
  );
}
