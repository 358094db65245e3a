import { useMutation } from "@tanstack/react-query";
import { Button, Form, Input, Modal, Space, Typography } from "antd";
import {
  passkeyProof,
  passkeyRegistrationOptions,
  registerPasskey,
  type CurrentFactor,
} from "../../api/account.ts";
import { createPasskey } from "../../api/passkey.ts";
import { compactCode } from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type AddPasskeyProps = {
  /** The account already has a second factor, whose proof the server asks for. */
  proofNeeded: boolean;
  /** The account has passkeys, so one of them may give that proof. */
  passkeys: boolean;
  onDone: (recoveryCodes: string[] | undefined) => void;
  onClose: () => void;
};

type Values = { name: string; code?: string };

/**
 * Names the new key, proves the current factor where there is one, then lets the browser create
 * the key (touch the USB key, or confirm the passkey) and sends it to the server.
 */
export function AddPasskeyModal({ proofNeeded, passkeys, onDone, onClose }: AddPasskeyProps) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const mutation = useMutation({
    mutationFn: async ({ name, proof }: { name: string; proof: CurrentFactor | "passkey" }) => {
      const given = proof === "passkey" ? await passkeyProof(t("passkey.failed")) : proof;
      const options = await passkeyRegistrationOptions();
      const response = await createPasskey(options, t("passkey.failed"));
      return registerPasskey({ name: name.trim(), response, ...given });
    },
    onSuccess: (result) => onDone(result.recoveryCodes),
  });
  const submit = (proof: "code" | "passkey") =>
    form
      .validateFields(proof === "passkey" ? ["name"] : undefined)
      .then((values) =>
        mutation.mutate({
          name: values.name,
          proof:
            proof === "passkey" ? "passkey" : { code: values.code && compactCode(values.code) },
        }),
      )
      .catch(() => undefined);
  return (
    <Modal open title={t("account.addPasskey")} onCancel={onClose} footer={null} destroyOnHidden>
      <ProblemAlert error={mutation.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ name: t("passkey.defaultName") }}
        onFinish={() => submit("code")}
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
        {proofNeeded ? (
          <>
            <Typography.Paragraph type="secondary">
              {t("account.addPasskeyProof")}
            </Typography.Paragraph>
            <Form.Item
              name="code"
              label={t("account.proofCode")}
              rules={[{ required: true, whitespace: true, message: t("common.required") }]}
            >
              <Input
                autoComplete="one-time-code"
                maxLength={32}
                style={{ maxWidth: 240, fontFamily: "monospace" }}
              />
            </Form.Item>
          </>
        ) : null}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            {t("passkey.create")}
          </Button>
          {proofNeeded && passkeys ? (
            <Button onClick={() => void submit("passkey")} disabled={mutation.isPending}>
              {t("account.confirmWithPasskey")}
            </Button>
          ) : null}
          <Button onClick={onClose}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
