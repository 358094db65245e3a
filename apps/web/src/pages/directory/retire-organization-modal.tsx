import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal } from "antd";
import { retireOrganization } from "../../api/directory.ts";
import type { Organization } from "../../api/types.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type RetireProps = { organization: Organization; open: boolean; onClose: () => void };

/** Retiring keeps the organization and its history; it only stops being active. */
export function RetireOrganizationModal({ organization, open, onClose }: RetireProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = useMutation({
    mutationFn: (reason: string) => retireOrganization(organization.id, reason),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["organizations"] });
      void message.success(t("organization.retired"));
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t("organization.retireTitle", { name: organization.name })}
      okText={t("organization.retire")}
      okButtonProps={{ danger: true, loading: mutation.isPending }}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemAlert error={mutation.error} />
      <Form form={form} layout="vertical" onFinish={({ reason }) => mutation.mutate(reason)}>
        <Form.Item
          name="reason"
          label={t("organization.retireReason")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
