import { PlusOutlined } from "@ant-design/icons";
import { Form, Input, Select } from "antd";
import { SYSTEM_STATUSES } from "../../api/types.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { useAddressChoices } from "../../components/use-address-choices.ts";
import { useT } from "../../i18n/index.tsx";
import { SystemsTable } from "./systems-table.tsx";

export default function SystemsPage() {
  const t = useT();
  const me = useCurrentUser();
  const [params, choose] = useAddressChoices();
  const q = params.get("q") ?? undefined;
  const status = params.get("status") ?? undefined;
  const organizationId = params.get("organizationId") ?? undefined;

  const update = (key: string, value: string | undefined) => choose({ [key]: value });

  return (
    <>
      <PageHeader
        title={t("systems.title")}
        extra={
          isAdministrator(me) ? (
            <LinkButton type="primary" icon={<PlusOutlined />} to="/directory/systems/new">
              {t("systems.create")}
            </LinkButton>
          ) : null
        }
      />
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} role="search">
        <Form.Item label={t("common.search")} htmlFor="system-search">
          <Input.Search
            id="system-search"
            defaultValue={q}
            allowClear
            enterButton
            placeholder={t("systems.searchPlaceholder")}
            onSearch={(value) => update("q", value.trim() || undefined)}
            style={{ width: 320 }}
          />
        </Form.Item>
        <Form.Item label={t("system.organization")} htmlFor="system-organization">
          <div style={{ width: 340 }}>
            <OrganizationPicker
              id="system-organization"
              allowClear
              value={organizationId}
              onChange={(value) => update("organizationId", value)}
            />
          </div>
        </Form.Item>
        <Form.Item label={t("system.status")} htmlFor="system-status">
          <Select
            id="system-status"
            allowClear
            value={status}
            placeholder={t("common.all")}
            onChange={(value?: string) => update("status", value)}
            options={SYSTEM_STATUSES.map((s) => ({ value: s, label: t(`systemStatus.${s}`) }))}
            style={{ width: 180 }}
          />
        </Form.Item>
      </Form>
      <SystemsTable organizationId={organizationId} q={q} status={status} />
    </>
  );
}
