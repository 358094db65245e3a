import { Form, Modal, Typography } from "antd";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";
import { AgencyPicker } from "./agency-picker.tsx";

type IssueModalProps = {
  open: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (recipientCodes: string[]) => void;
  onCancel: () => void;
};

/** Phát hành: the agencies the sealed document is sent to as an edXML package. */
export function IssueModal(props: IssueModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ recipients: string[] }>();
  return (
    <Modal
      open={props.open}
      title={t("documents.issue.title")}
      okText={t("documents.action.issue")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: props.pending }}
      onOk={() => form.submit()}
      onCancel={props.onCancel}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <ProblemAlert error={props.error} />
      <Typography.Paragraph type="secondary">{t("documents.issue.intro")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => props.onSubmit(v.recipients)}>
        <Form.Item
          name="recipients"
          label={t("documents.issue.recipients")}
          htmlFor="issue-recipients"
          rules={[
            { required: true, type: "array", min: 1, message: t("documents.issue.required") },
          ]}
        >
          <AgencyPicker id="issue-recipients" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
