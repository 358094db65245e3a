import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal, Select } from "antd";
import type { Rule } from "antd/es/form";
import {
  createUser,
  setUserPassword,
  updateUser,
  type CreateUserInput,
} from "../../api/identity.ts";
import type { User } from "../../api/types.ts";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";
import { useRoles } from "./use-roles.ts";

/** The server enforces the full password policy; the form only catches the obvious early. */
const MIN_PASSWORD_LENGTH = 12;

function usePasswordRules(): Rule[] {
  const t = useT();
  return [
    { required: true, message: t("common.required") },
    { min: MIN_PASSWORD_LENGTH, message: t("user.passwordTooShort", { min: MIN_PASSWORD_LENGTH }) },
  ];
}

function useSaved(onClose: () => void, text: string) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["users"] });
    void message.success(text);
    onClose();
  };
}

export function CreateUserModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const roles = useRoles();
  const passwordRules = usePasswordRules();
  const [form] = Form.useForm<CreateUserInput>();
  const onSaved = useSaved(onClose, t("users.created"));
  const mutation = useMutation({
    mutationFn: (values: CreateUserInput) =>
      createUser({ ...values, email: values.email?.trim() || undefined }),
    onSuccess: onSaved,
  });
  const required = [{ required: true, whitespace: true, message: t("common.required") }];
  return (
    <Modal
      open
      title={t("users.create")}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: mutation.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <ProblemAlert error={mutation.error} />
      <Form<CreateUserInput> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item name="username" label={t("user.username")} rules={required}>
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t("user.displayName")} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t("user.email")}
          rules={[{ type: "email", message: t("common.invalidEmail") }]}
        >
          <Input type="email" />
        </Form.Item>
        <Form.Item
          name="organizationId"
          label={t("user.organization")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <OrganizationPicker />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t("user.roles")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <Select mode="multiple" options={roles.options} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("user.password")}
          extra={t("user.passwordHelp", { min: MIN_PASSWORD_LENGTH })}
          rules={passwordRules}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EditValues = Pick<User, "displayName" | "roles" | "status"> & { email?: string };

export function EditUserModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const roles = useRoles();
  const [form] = Form.useForm<EditValues>();
  const onSaved = useSaved(onClose, t("users.saved"));
  const mutation = useMutation({
    mutationFn: (values: EditValues) =>
      updateUser(user.id, { ...values, email: values.email?.trim() || undefined }),
    onSuccess: onSaved,
  });
  return (
    <Modal
      open
      title={t("users.editTitle", { name: user.username })}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: mutation.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <ProblemAlert error={mutation.error} />
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{
          displayName: user.displayName,
          email: user.email ?? undefined,
          roles: user.roles,
          status: user.status,
        }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="displayName"
          label={t("user.displayName")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t("user.email")}
          rules={[{ type: "email", message: t("common.invalidEmail") }]}
        >
          <Input type="email" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t("user.roles")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <Select mode="multiple" options={roles.options} />
        </Form.Item>
        <Form.Item name="status" label={t("user.status")}>
          <Select
            options={[
              { value: "active", label: t("userStatus.active") },
              { value: "disabled", label: t("userStatus.disabled") },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function PasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const passwordRules = usePasswordRules();
  const [form] = Form.useForm<{ password: string }>();
  const onSaved = useSaved(onClose, t("users.passwordSet"));
  const mutation = useMutation({
    mutationFn: ({ password }: { password: string }) => setUserPassword(user.id, password),
    onSuccess: onSaved,
  });
  return (
    <Modal
      open
      title={t("users.passwordTitle", { name: user.username })}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: mutation.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <ProblemAlert error={mutation.error} />
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item
          name="password"
          label={t("user.newPassword")}
          extra={t("user.passwordHelp", { min: MIN_PASSWORD_LENGTH })}
          rules={passwordRules}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
