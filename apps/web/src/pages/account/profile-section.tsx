import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Form, Input, Tag } from "antd";
import { updateProfile } from "../../api/account.ts";
import type { Me } from "../../api/types.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { SESSION_KEY } from "../../auth/session.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { useRoles } from "../identity/use-roles.ts";

type ProfileValues = { displayName: string; email?: string };

/** Name and e-mail are the person's to change; username, organization and roles are not. */
export function ProfileSection() {
  const t = useT();
  const me = useCurrentUser();
  const roles = useRoles();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (values: ProfileValues) =>
      updateProfile({
        displayName: values.displayName.trim(),
        email: values.email?.trim() || null,
      }),
    onSuccess: (user: Me) => {
      queryClient.setQueryData(SESSION_KEY, (session: { user: Me } | null | undefined) =>
        session ? { ...session, user } : session,
      );
      void message.success(t("account.profileSaved"));
    },
  });
  return (
    <SectionCard title={t("account.profile")}>
      <Descriptions
        column={1}
        size="small"
        style={{ marginBottom: 16 }}
        items={[
          { key: "username", label: t("user.username"), children: me.username },
          { key: "organization", label: t("user.organization"), children: me.organization.name },
          {
            key: "roles",
            label: t("user.roles"),
            children: me.roles.map((role) => <Tag key={role}>{roles.label(role)}</Tag>),
          },
        ]}
      />
      <ProblemAlert error={mutation.error} />
      <Form<ProfileValues>
        layout="vertical"
        initialValues={{ displayName: me.displayName, email: me.email ?? "" }}
        onFinish={(values) => mutation.mutate(values)}
        style={{ maxWidth: 480 }}
      >
        <Form.Item
          name="displayName"
          label={t("user.displayName")}
          rules={[{ required: true, whitespace: true, min: 2, message: t("common.required") }]}
        >
          <Input maxLength={200} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t("user.email")}
          rules={[{ type: "email", message: t("common.invalidEmail") }]}
        >
          <Input type="email" maxLength={320} autoComplete="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t("common.save")}
        </Button>
      </Form>
    </SectionCard>
  );
}
