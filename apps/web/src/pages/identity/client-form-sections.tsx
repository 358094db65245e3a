import { Card, Checkbox, Form, Input, Select, Switch, type CheckboxOptionType } from "antd";
import { CLIENT_AUTH_METHODS, type ClientOptions, type ClientInput } from "../../api/types.ts";
import { useT } from "../../i18n/index.tsx";
import { authMethodLabel } from "./client-labels.ts";

type ScopeOptions = CheckboxOptionType<string>[];

const useRequired = () => {
  const t = useT();
  return [{ required: true, whitespace: true, message: t("common.required") }];
};

/** A machine client: which resource servers (the LGSP) it may call, with which scopes. */
export function ServiceAccessFields({
  options,
  scopeOptions,
}: {
  options: ClientOptions;
  scopeOptions: ScopeOptions;
}) {
  const t = useT();
  return (
    <Card title={t("client.sectionAccess")} style={{ marginBottom: 16 }}>
      <Form.Item name="resources" label={t("client.resources")}>
        <Checkbox.Group
          options={options.resourceServers.map((r) => ({
            value: r.identifier,
            label: `${r.name} (${r.identifier})`,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="scopes"
        label={t("client.scopes")}
        rules={[{ required: true, type: "array", min: 1, message: t("client.scopesRequired") }]}
      >
        <Checkbox.Group options={scopeOptions} />
      </Form.Item>
    </Card>
  );
}

/** A client that signs people in: where the provider may send them back, and what it may know. */
export function PeopleSignInFields({
  kind,
  scopeOptions,
  canMarkFirstParty,
}: {
  kind: ClientInput["kind"];
  scopeOptions: ScopeOptions;
  canMarkFirstParty: boolean;
}) {
  const t = useT();
  const required = useRequired();
  return (
    <Card title={t("client.sectionSignIn")} style={{ marginBottom: 16 }}>
      <Form.Item
        name="redirectUris"
        label={t("client.redirectUris")}
        extra={t("client.redirectUrisHelp")}
        rules={required}
      >
        <Input.TextArea rows={3} placeholder="https://ung-dung.example.gov.vn/callback" />
      </Form.Item>
      <Form.Item
        name="postLogoutRedirectUris"
        label={t("client.postLogoutRedirectUris")}
        extra={t("client.oneUriPerLine")}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      {kind === "web" ? (
        <Form.Item
          name="backchannelLogoutUri"
          label={t("client.backchannelLogoutUri")}
          extra={t("client.backchannelLogoutUriHelp")}
        >
          <Input maxLength={2000} />
        </Form.Item>
      ) : null}
      <Form.Item name="scopes" label={t("client.scopes")}>
        <Checkbox.Group options={scopeOptions} />
      </Form.Item>
      {canMarkFirstParty ? (
        <Form.Item
          name="firstParty"
          label={t("client.firstParty")}
          extra={t("client.firstPartyHelp")}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      ) : null}
    </Card>
  );
}

/** How a confidential client proves itself at the token endpoint; fixed once registered. */
export function AuthenticationFields({
  editing,
  authMethod,
}: {
  editing: boolean;
  authMethod: string | undefined;
}) {
  const t = useT();
  const required = useRequired();
  return (
    <Card title={t("client.sectionAuthentication")} style={{ marginBottom: 16 }}>
      <Form.Item name="authMethod" label={t("client.authMethod")} rules={required}>
        <Select
          disabled={editing}
          options={CLIENT_AUTH_METHODS.map((m) => ({
            value: m,
            label: t(authMethodLabel(m)),
          }))}
          style={{ maxWidth: 420 }}
        />
      </Form.Item>
      {authMethod === "private_key_jwt" ? (
        <Form.Item
          name="jwks"
          label={t("client.jwks")}
          extra={t("client.jwksHelp")}
          rules={[
            ...required,
            {
              validator: (_, value?: string) => {
                try {
                  if (value) JSON.parse(value);
                  return Promise.resolve();
                } catch {
                  return Promise.reject(new Error(t("client.jwksInvalid")));
                }
              },
            },
          ]}
        >
          <Input.TextArea rows={6} style={{ fontFamily: "monospace" }} />
        </Form.Item>
      ) : null}
    </Card>
  );
}
