import { useMutation } from "@tanstack/react-query";
import { Form, Modal, Typography } from "antd";
import { CodeField, compactCode } from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type CodeModalProps<T> = {
  title: string;
  description: string;
  okText: string;
  danger?: boolean;
  action: (code: string) => Promise<T>;
  onDone: (result: T) => void;
  onClose: () => void;
};

/**
 * Asks for a current code (or a recovery code) before a change to the second factor itself, so a
 * session alone is not enough to weaken it.
 */
export function CodeModal<T>({
  title,
  description,
  okText,
  danger = false,
  action,
  onDone,
  onClose,
}: CodeModalProps<T>) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const mutation = useMutation({
    mutationFn: (code: string) => action(compactCode(code)),
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
      <Form form={form} layout="vertical" onFinish={(values) => mutation.mutate(values.code)}>
        <CodeField label={t("account.currentCode")} allowRecovery autoFocus />
      </Form>
    </Modal>
  );
}
