import { Form, Input, Modal } from "antd";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type TextModalProps = {
  open: boolean;
  title: string;
  label: string;
  okText: string;
  /** A reason or a report must be given; a note may be left empty. */
  required: boolean;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (text: string | undefined) => void;
  onCancel: () => void;
};

/** Asks for the one text an action carries: a reason, a comment, a report, a note. */
export function TextModal(props: TextModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ text?: string }>();
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText={t("common.cancel")}
      okButtonProps={{ danger: props.danger, loading: props.pending }}
      onOk={() => form.submit()}
      onCancel={props.onCancel}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <ProblemAlert error={props.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => props.onSubmit(v.text?.trim() || undefined)}
      >
        <Form.Item
          name="text"
          label={props.label}
          rules={
            props.required
              ? [{ required: true, whitespace: true, message: t("common.required") }]
              : []
          }
        >
          <Input.TextArea rows={4} maxLength={2000} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
