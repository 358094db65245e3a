import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Form, Input, InputNumber, Modal, Select } from "antd";
import {
  createRegister,
  type Register,
  type RegisterInput,
} from "../../api/documents-registers.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";
import { key } from "./labels.ts";

type OpenRegisterModalProps = {
  open: boolean;
  year: number;
  onClose: (created?: Register) => void;
};

/** Mở sổ: a register for a direction, year and kind; the name defaults on the server. */
export function OpenRegisterModal({ open, year, onClose }: OpenRegisterModalProps) {
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegisterInput>();
  const create = useMutation({
    mutationFn: (v: RegisterInput) => createRegister({ ...v, name: v.name?.trim() || undefined }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ["registers"] });
      onClose(created);
    },
  });
  return (
    <Modal
      open={open}
      title={t("registers.open")}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: create.isPending }}
      onOk={() => form.submit()}
      onCancel={() => onClose()}
      afterClose={() => {
        form.resetFields();
        create.reset();
      }}
      destroyOnHidden
    >
      <ProblemAlert error={create.error} />
      <Form<RegisterInput>
        form={form}
        layout="vertical"
        initialValues={{ direction: "outgoing", kind: "ordinary", year }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="direction" label={t("registers.direction")} htmlFor="register-direction">
          <Select
            id="register-direction"
            options={(["outgoing", "incoming"] as const).map((d) => ({
              value: d,
              label: t(key("registerDirection", d)),
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t("registers.kind")} htmlFor="register-kind">
          <Select
            id="register-kind"
            options={(["ordinary", "secret"] as const).map((k) => ({
              value: k,
              label: t(key("registerKind", k)),
            }))}
          />
        </Form.Item>
        <Form.Item name="year" label={t("registers.year")} htmlFor="register-year">
          <InputNumber id="register-year" min={2000} max={2999} />
        </Form.Item>
        <Form.Item name="name" label={t("registers.name")} extra={t("registers.nameHint")}>
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
