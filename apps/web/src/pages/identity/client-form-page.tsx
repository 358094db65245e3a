import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, Radio, Space, Spin } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import {
  fetchClient,
  fetchClientOptions,
  registerClient,
  updateClient,
} from "../../api/clients.ts";
import { fetchOrganization } from "../../api/directory.ts";
import {
  CLIENT_KINDS,
  type Client,
  type ClientOptions,
  type ClientWithSecret,
} from "../../api/types.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { scopeLabel } from "../../components/scope-labels.ts";
import { SystemPicker } from "../../components/system-picker.tsx";
import { useT } from "../../i18n/index.tsx";
import { clientKindHelp, clientKindLabel } from "./client-labels.ts";
import {
  AuthenticationFields,
  PeopleSignInFields,
  ServiceAccessFields,
} from "./client-form-sections.tsx";
import {
  DEFAULT_USER_SCOPES,
  toChanges,
  toValues,
  type ClientFormValues,
} from "./client-form-values.ts";
import { ClientSecretModal } from "./client-secret-modal.tsx";

/** Registers a client (`/identity/clients/new`) or edits one (`/identity/clients/:id/edit`). */
export default function ClientFormPage() {
  const { id } = useParams();
  const client = useQuery({
    queryKey: ["clients", "one", id],
    queryFn: () => fetchClient(id!),
    enabled: Boolean(id),
  });
  const options = useQuery({
    queryKey: ["clients", "options"],
    queryFn: fetchClientOptions,
    staleTime: Infinity,
  });
  const organization = useQuery({
    queryKey: ["organizations", client.data?.organizationId],
    queryFn: () => fetchOrganization(client.data!.organizationId!),
    enabled: Boolean(client.data?.organizationId),
  });
  if ((id && client.isPending) || options.isPending) return <Spin />;
  if (id && !client.data) return <ProblemAlert error={client.error} />;
  if (!options.data) return <ProblemAlert error={options.error} />;
  return (
    <ClientForm
      key={id ?? "new"}
      client={client.data}
      options={options.data}
      organization={organization.data ?? null}
    />
  );
}

type ClientFormProps = {
  client?: Client;
  options: ClientOptions;
  organization: { id: string; code: string; name: string } | null;
};

function ClientForm({ client, options, organization }: ClientFormProps) {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ClientFormValues>();
  const [issued, setIssued] = useState<ClientWithSecret | null>(null);
  const kind = Form.useWatch("kind", form) ?? client?.kind ?? "web";
  const organizationId = Form.useWatch("organizationId", form);
  const authMethod = Form.useWatch("authMethod", form);
  const isSystemAdmin = hasRole(me, "system_admin");

  const saved = (saved: Client) => {
    void queryClient.invalidateQueries({ queryKey: ["clients"] });
    void navigate(`/identity/clients/${saved.id}`);
  };
  const mutation = useMutation({
    mutationFn: async (values: ClientFormValues): Promise<ClientWithSecret> => {
      const changes = toChanges(values);
      if (client) {
        const { informationSystemId } = values;
        return {
          client: await updateClient(client.id, { ...changes, informationSystemId }),
          clientSecret: null,
        };
      }
      return registerClient({
        ...changes,
        kind: values.kind,
        organizationId: values.organizationId ?? null,
        informationSystemId: values.informationSystemId ?? null,
        authMethod: values.kind === "spa" ? undefined : values.authMethod,
      });
    },
    onSuccess: (result) => {
      void message.success(t(client ? "client.saved" : "client.registered"));
      if (result.clientSecret) setIssued(result);
      else saved(result.client);
    },
  });

  const required = [{ required: true, whitespace: true, message: t("common.required") }];
  const resourceScopes = [...new Set(options.resourceServers.flatMap((r) => r.scopes))];
  const scopeOptions = (kind === "machine" ? resourceScopes : options.userScopes).map((s) => ({
    value: s,
    label:
      s === "openid"
        ? `${scopeLabel(s, t)} (openid, ${t("client.scopeRequired")})`
        : `${scopeLabel(s, t)} (${s})`,
    disabled: s === "openid" && kind !== "machine",
  }));

  return (
    <>
      <PageHeader
        title={client ? t("client.editTitle", { name: client.name }) : t("client.createTitle")}
      />
      <ProblemAlert error={mutation.error} />
      <Form<ClientFormValues>
        form={form}
        layout="vertical"
        initialValues={
          client
            ? toValues(client)
            : { kind: "web", authMethod: "client_secret_basic", scopes: DEFAULT_USER_SCOPES }
        }
        onValuesChange={(changed: Partial<ClientFormValues>) => {
          if (changed.kind)
            form.setFieldsValue({
              scopes: changed.kind === "machine" ? [] : DEFAULT_USER_SCOPES,
              resources: [],
            });
          if ("organizationId" in changed) form.setFieldsValue({ informationSystemId: undefined });
        }}
        onFinish={(values) => mutation.mutate(values)}
        scrollToFirstError
        style={{ maxWidth: 880 }}
      >
        <Card title={t("client.sectionGeneral")} style={{ marginBottom: 16 }}>
          <Form.Item name="name" label={t("client.name")} rules={required}>
            <Input maxLength={200} autoFocus />
          </Form.Item>
          <Form.Item name="kind" label={t("client.kind")} rules={required}>
            <Radio.Group disabled={Boolean(client)}>
              <Space direction="vertical">
                {CLIENT_KINDS.map((k) => (
                  <Radio key={k} value={k}>
                    <strong>{t(clientKindLabel(k))}</strong> — {t(clientKindHelp(k))}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="organizationId"
            label={t("client.organization")}
            rules={[{ required: !client && !isSystemAdmin, message: t("common.required") }]}
            extra={isSystemAdmin && !client ? t("client.organizationHelp") : undefined}
          >
            <OrganizationPicker selected={organization} disabled={Boolean(client)} allowClear />
          </Form.Item>
          <Form.Item
            name="informationSystemId"
            label={t("client.informationSystem")}
            extra={t("client.informationSystemHelp")}
          >
            <SystemPicker organizationId={organizationId} allowClear />
          </Form.Item>
        </Card>
        {kind === "machine" ? (
          <ServiceAccessFields options={options} scopeOptions={scopeOptions} />
        ) : (
          <PeopleSignInFields
            kind={kind}
            scopeOptions={scopeOptions}
            canMarkFirstParty={isSystemAdmin}
          />
        )}
        {kind !== "spa" ? (
          <AuthenticationFields editing={Boolean(client)} authMethod={authMethod} />
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            {client ? t("common.save") : t("client.register")}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
      {issued ? <ClientSecretModal issued={issued} onClose={() => saved(issued.client)} /> : null}
    </>
  );
}
