import { Form, Input, Modal } from "antd";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type ReasonModalProps = {
  open: boolean;
  title: string;
  okText: string;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
};

/** Asks for the required reason of a refusal or revocation. */
export function ReasonModal({
  open,
  title,
  okText,
  pending,
  error,
  onSubmit,
  onCancel,
}: ReasonModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t("common.cancel")}
      okButtonProps={{ danger: true, loading: pending }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t("lgsp.reason")}
          rules={[{ required: true, whitespace: true, message: t("lgsp.reasonRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={1000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
