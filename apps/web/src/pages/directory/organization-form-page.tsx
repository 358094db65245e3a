import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, Form, Input, Row, Select, Space, Spin } from "antd";
import { useNavigate, useParams } from "react-router";
import {
  createOrganization,
  fetchAdminUnit,
  fetchOrganization,
  updateOrganization,
} from "../../api/directory.ts";
import type { AdminUnit, Organization, OrganizationInput } from "../../api/types.ts";
import { AdminUnitPicker } from "../../components/admin-unit-picker.tsx";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";
import { useOrganizationKindOptions } from "./organization-labels.tsx";

type OrganizationFormValues = {
  code: string;
  name: string;
  shortName: string;
  kind: Organization["kind"];
  parentId?: string;
  adminUnitCode?: string;
  address?: string;
  email?: string;
  phone?: string;
  website?: string;
};

/** Agency codes per QĐ 20/2020/QĐ-TTg, e.g. 000.00.00.G09 (the server has the final word). */
const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

function toInput(values: OrganizationFormValues): OrganizationInput {
  const contacts = {
    address: values.address?.trim() || undefined,
    email: values.email?.trim() || undefined,
    phone: values.phone?.trim() || undefined,
    website: values.website?.trim() || undefined,
  };
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    shortName: values.shortName.trim(),
    kind: values.kind,
    parentId: values.parentId || undefined,
    adminUnitCode: values.adminUnitCode || undefined,
    contacts,
  };
}

/** Creates an organization, or edits one (`/directory/organizations/:id/edit`). */
export default function OrganizationFormPage() {
  const { id } = useParams();
  const organization = useQuery({
    queryKey: ["organizations", id],
    queryFn: () => fetchOrganization(id!),
    enabled: Boolean(id),
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
  if (id && organization.isPending) return <Spin />;
  if (id && !org) return <ProblemAlert error={organization.error} />;
  if ((org?.parentId && parent.isPending) || (org?.adminUnitCode && adminUnit.isPending)) {
    return <Spin />;
  }
  return (
    <OrganizationForm
      key={id ?? "new"}
      organization={org}
      parent={parent.data}
      adminUnit={adminUnit.data}
    />
  );
}

type OrganizationFormProps = {
  organization?: Organization;
  parent?: Organization;
  adminUnit?: AdminUnit;
};

function OrganizationForm({ organization, parent, adminUnit }: OrganizationFormProps) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const kindOptions = useOrganizationKindOptions();

  const mutation = useMutation({
    mutationFn: (values: OrganizationFormValues) =>
      organization
        ? updateOrganization(organization.id, toInput(values))
        : createOrganization(toInput(values)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["organizations"] });
      void message.success(t("organization.saved"));
      void navigate(`/directory/organizations/${saved.id}`);
    },
  });

  const required = [{ required: true, whitespace: true, message: t("common.required") }];
  const initialValues: Partial<OrganizationFormValues> = organization
    ? {
        code: organization.code,
        name: organization.name,
        shortName: organization.shortName,
        kind: organization.kind,
        parentId: organization.parentId ?? undefined,
        adminUnitCode: organization.adminUnitCode ?? undefined,
        ...organization.contacts,
      }
    : { kind: "other" };

  return (
    <>
      <PageHeader
        title={
          organization
            ? t("organization.editTitle", { name: organization.name })
            : t("organization.createTitle")
        }
      />
      <ProblemAlert error={mutation.error} />
      <Form<OrganizationFormValues>
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => mutation.mutate(values)}
        scrollToFirstError
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="code"
                label={t("organization.code")}
                extra={t("organization.codeHelp")}
                rules={[
                  ...required,
                  { pattern: AGENCY_CODE, message: t("organization.codeInvalid") },
                ]}
              >
                <Input maxLength={13} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="name" label={t("organization.name")} rules={required}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="shortName" label={t("organization.shortName")} rules={required}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="kind" label={t("organization.kind")} rules={required}>
                <Select options={kindOptions} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="parentId" label={t("organization.parent")}>
            <OrganizationPicker selected={parent ?? null} allowClear />
          </Form.Item>
          <Form.Item name="adminUnitCode" label={t("organization.adminUnit")}>
            <AdminUnitPicker selected={adminUnit ?? null} />
          </Form.Item>
        </Card>
        <Card title={t("organization.contacts")} style={{ marginBottom: 16 }}>
          <Form.Item name="address" label={t("organization.address")}>
            <Input maxLength={500} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="email"
                label={t("organization.email")}
                rules={[{ type: "email", message: t("common.invalidEmail") }]}
              >
                <Input type="email" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="phone" label={t("organization.phone")}>
                <Input type="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="website"
                label={t("organization.website")}
                rules={[{ type: "url", message: t("common.invalidUrl") }]}
              >
                <Input type="url" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            {t("common.save")}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
