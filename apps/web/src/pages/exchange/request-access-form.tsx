import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, Select } from "antd";
import { createAccessRequest, type ServiceDetail } from "../../api/exchange.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SystemPicker } from "../../components/system-picker.tsx";
import { useT } from "../../i18n/index.tsx";
import { endOfDay } from "./labels.ts";

type Values = {
  consumerSystemId: string;
  endpoints?: string[];
  purpose: string;
  legalBasis: string;
  requestedExpiry?: string;
};

/** A consumer's administrator asks for access for one of their organization's systems. */
export function RequestAccessForm({ service }: { service: ServiceDetail }) {
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const required = [{ required: true, whitespace: true, message: t("common.required") }];
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      createAccessRequest({
        serviceId: service.id,
        consumerSystemId: v.consumerSystemId,
        endpoints: v.endpoints?.length ? v.endpoints : undefined,
        purpose: v.purpose.trim(),
        legalBasis: v.legalBasis.trim(),
        requestedExpiresAt: endOfDay(v.requestedExpiry),
      }),
    onSuccess: async () => {
      void message.success(t("lgsp.access.sent"));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ["lgsp-requests"] });
    },
  });
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      style={{ maxWidth: 720 }}
      onFinish={(v) => mutation.mutate(v)}
      aria-label={t("lgsp.access.title")}
    >
      <ProblemAlert error={mutation.error} />
      <Form.Item
        name="consumerSystemId"
        label={t("lgsp.access.consumerSystem")}
        rules={[{ required: true, message: t("common.required") }]}
      >
        <SystemPicker organizationId={me.organization.id} />
      </Form.Item>
      {service.kind === "rest" && service.operations.length > 0 ? (
        <Form.Item name="endpoints" label={t("lgsp.access.endpoints")}>
          <Select
            mode="multiple"
            allowClear
            options={service.operations.map((op) => ({ value: op, label: op }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="purpose" label={t("lgsp.access.purpose")} rules={required}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="legalBasis" label={t("lgsp.access.legalBasis")} rules={required}>
        <Input maxLength={1000} />
      </Form.Item>
      <Form.Item name="requestedExpiry" label={t("lgsp.access.requestedExpiry")}>
        <Input type="date" style={{ width: 200 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={mutation.isPending}>
        {t("lgsp.access.submit")}
      </Button>
    </Form>
  );
}
