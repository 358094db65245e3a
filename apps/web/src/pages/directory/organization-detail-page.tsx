import { EditOutlined, PlusOutlined, StopOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Descriptions, Space, Spin, Tabs } from "antd";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { fetchAdminUnit, fetchOrganization } from "../../api/directory.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { formatDate } from "../../components/format.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { OrganizationHistory } from "./organization-history.tsx";
import { OrganizationStatusTag } from "./organization-labels.tsx";
import { RetireOrganizationModal } from "./retire-organization-modal.tsx";
import { SystemsTable } from "./systems-table.tsx";

export default function OrganizationDetailPage() {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const [retiring, setRetiring] = useState(false);
  const tab = params.get("tab") ?? "systems";

  const organization = useQuery({
    queryKey: ["organizations", id],
    queryFn: () => fetchOrganization(id),
  });
  const org = organization.data;
  const parent = useQuery({
    queryKey: ["organizations", org?.parentId],
    queryFn: () => fetchOrganization(org!.parentId!),
    enabled: Boolean(org?.parentId),
  });
  const adminUnit = useQuery({
    queryKey: ["admin-units", org?.adminUnitCode],
    queryFn: () => fetchAdminUnit(org!.adminUnitCode!),
    enabled: Boolean(org?.adminUnitCode),
  });

  if (organization.isPending) return <Spin aria-label={t("common.loading")} />;
  if (!org) return <ProblemAlert error={organization.error} />;

  const admin = isAdministrator(me);
  const contacts = org.contacts ?? {};
  return (
    <>
      <PageHeader
        title={org.name}
        extra={
          admin ? (
            <Space wrap>
              <LinkButton
                icon={<PlusOutlined />}
                to={`/directory/systems/new?organizationId=${org.id}`}
              >
                {t("systems.create")}
              </LinkButton>
              <LinkButton icon={<EditOutlined />} to={`/directory/organizations/${org.id}/edit`}>
                {t("common.edit")}
              </LinkButton>
              {org.status === "active" ? (
                <Button danger icon={<StopOutlined />} onClick={() => setRetiring(true)}>
                  {t("organization.retire")}
                </Button>
              ) : null}
            </Space>
          ) : null
        }
      />
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t("organization.code")}>{org.code}</Descriptions.Item>
        <Descriptions.Item label={t("organization.shortName")}>{org.shortName}</Descriptions.Item>
        <Descriptions.Item label={t("organization.kind")}>
          {t(`organizationKind.${org.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.status")}>
          <OrganizationStatusTag status={org.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.parent")}>
          {org.parentId ? (
            <Link to={`/directory/organizations/${org.parentId}`}>
              {parent.data?.name ?? t("common.loading")}
            </Link>
          ) : (
            "—"
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.adminUnit")}>
          {org.adminUnitCode ? (adminUnit.data?.fullName ?? org.adminUnitCode) : "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.address")}>
          {contacts.address || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.email")}>
          {contacts.email || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.phone")}>
          {contacts.phone || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.website")}>
          {contacts.website || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.validFrom")}>
          {formatDate(org.validFrom, language)}
        </Descriptions.Item>
        <Descriptions.Item label={t("organization.version")}>{org.version}</Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: "systems",
            label: t("organization.systemsTab"),
            children: <SystemsTable organizationId={org.id} showOrganization={false} />,
          },
          {
            key: "history",
            label: t("organization.historyTab"),
            children: <OrganizationHistory organizationId={org.id} />,
          },
        ]}
      />
      <RetireOrganizationModal
        organization={org}
        open={retiring}
        onClose={() => setRetiring(false)}
      />
    </>
  );
}
