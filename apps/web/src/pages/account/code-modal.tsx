import { useMutation } from "@tanstack/react-query";
import { Button, Form, Modal, Typography } from "antd";
import { passkeyProof, type CurrentFactor } from "../../api/account.ts";
import { CodeField, compactCode } from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type CodeModalProps<T> = {
  title: string;
  description: string;
  okText: string;
  danger?: boolean;
  /** The account has passkeys, so one of them may give the proof instead of a code. */
  passkeys?: boolean;
  action: (proof: CurrentFactor) => Promise<T>;
  onDone: (result: T) => void;
  onClose: () => void;
};

/**
 * Asks for a current code (or a recovery code), or a passkey, before a change to the second
 * factor itself, so a session alone is not enough to weaken it.
 */
export function CodeModal<T>({
  title,
  description,
  okText,
  danger = false,
  passkeys = false,
  action,
  onDone,
  onClose,
}: CodeModalProps<T>) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const mutation = useMutation({
    mutationFn: async (proof: CurrentFactor | "passkey") =>
      action(proof === "passkey" ? await passkeyProof(t("passkey.failed")) : proof),
    onSuccess: onDone,
  });
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t("common.cancel")}
      okButtonProps={{ danger, loading: mutation.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{description}</Typography.Paragraph>
      <ProblemAlert error={mutation.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => mutation.mutate({ code: compactCode(values.code) })}
      >
        <CodeField label={t("account.currentCode")} allowRecovery autoFocus />
      </Form>
      {passkeys ? (
        <Button block disabled={mutation.isPending} onClick={() => mutation.mutate("passkey")}>
          {t("account.confirmWithPasskey")}
        </Button>
      ) : null}
    </Modal>
  );
}
