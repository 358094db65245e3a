import { useQuery } from "@tanstack/react-query";
import { Form, Input, Modal, Select } from "antd";
import type { AssignInput } from "../../api/documents.ts";
import { listUsers } from "../../api/identity.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type AssignValues = {
  direction?: string;
  mainUserId?: string;
  mainUnitId?: string;
  dueDate?: string;
};

type AssignModalProps = {
  open: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (input: AssignInput) => void;
  onCancel: () => void;
};

/**
 * The leader's direction (ý kiến chỉ đạo) and assignment: a person of the organization or a unit
 * handles the document by a due date. People are listed only to those the server lets read
 * accounts; the others assign to a unit.
 */
export function AssignModal(props: AssignModalProps) {
  const t = useT();
  const me = useCurrentUser();
  const [form] = Form.useForm<AssignValues>();
  const people = useQuery({
    queryKey: ["users", "assignable", me.organization.id],
    queryFn: () => listUsers({ organizationId: me.organization.id, limit: 100 }),
    enabled: props.open,
    retry: false,
  });
  const submit = (v: AssignValues) =>
    props.onSubmit({
      direction: v.direction?.trim() || undefined,
      mainUserId: v.mainUserId,
      mainUnitId: v.mainUnitId,
      dueDate: v.dueDate || undefined,
    });
  return (
    <Modal
      open={props.open}
      title={t("documents.assign.title")}
      okText={t("documents.action.assign")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: props.pending }}
      onOk={() => form.submit()}
      onCancel={props.onCancel}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <ProblemAlert error={props.error} />
      <Form<AssignValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="direction" label={t("documents.handling.direction")}>
          <Input.TextArea rows={3} maxLength={4000} autoFocus />
        </Form.Item>
        {people.data ? (
          <Form.Item name="mainUserId" label={t("documents.assign.person")} htmlFor="assign-person">
            <Select
              id="assign-person"
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              options={people.data.items.map((u) => ({ value: u.id, label: u.displayName }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="mainUnitId"
          label={t("documents.assign.unit")}
          htmlFor="assign-unit"
          extra={t("documents.assign.unitHint")}
        >
          <OrganizationPicker id="assign-unit" allowClear />
        </Form.Item>
        <Form.Item name="dueDate" label={t("documents.dueDate")}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
