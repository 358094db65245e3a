import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Spin } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { createSystem, fetchOrganization, fetchSystem, updateSystem } from "../../api/directory.ts";
import {
  HOSTING_KINDS,
  SYSTEM_STATUSES,
  type InformationSystem,
  type InformationSystemInput,
  type OrganizationRef,
} from "../../api/types.ts";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type SystemFormValues = {
  organizationId: string;
  code: string;
  name: string;
  purpose: string;
  owner: string;
  securityLevel: number;
  decisionNumber?: string;
  decisionDate?: Dayjs;
  decisionIssuer?: string;
  hosting: InformationSystem["hosting"];
  status: InformationSystem["status"];
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
};

const SECURITY_LEVELS = [1, 2, 3, 4, 5] as const;

type SystemChanges = Omit<InformationSystemInput, "organizationId">;

function toChanges(values: SystemFormValues): SystemChanges {
  const contacts = {
    name: values.contactName?.trim() || undefined,
    email: values.contactEmail?.trim() || undefined,
    phone: values.contactPhone?.trim() || undefined,
  };
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    purpose: values.purpose.trim(),
    owner: values.owner.trim(),
    securityLevel: values.securityLevel,
    securityDecision:
      values.decisionNumber && values.decisionDate && values.decisionIssuer
        ? {
            number: values.decisionNumber.trim(),
            date: values.decisionDate.format("YYYY-MM-DD"),
            issuer: values.decisionIssuer.trim(),
          }
        : undefined,
    hosting: values.hosting,
    status: values.status,
    contacts,
  };
}

function toValues(system: InformationSystem): SystemFormValues {
  return {
    organizationId: system.organization.id,
    code: system.code,
    name: system.name,
    purpose: system.purpose,
    owner: system.owner,
    securityLevel: system.securityLevel,
    decisionNumber: system.securityDecision?.number,
    decisionDate: system.securityDecision ? dayjs(system.securityDecision.date) : undefined,
    decisionIssuer: system.securityDecision?.issuer,
    hosting: system.hosting,
    status: system.status,
    contactName: system.contacts?.name,
    contactEmail: system.contacts?.email,
    contactPhone: system.contacts?.phone,
  };
}

/** Registers an information system, or edits one (`/directory/systems/:id/edit`). */
export default function SystemFormPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const presetOrganizationId = params.get("organizationId") ?? undefined;
  const system = useQuery({
    queryKey: ["systems", "one", id],
    queryFn: () => fetchSystem(id!),
    enabled: Boolean(id),
  });
  const presetOrganization = useQuery({
    queryKey: ["organizations", presetOrganizationId],
    queryFn: () => fetchOrganization(presetOrganizationId!),
    enabled: !id && Boolean(presetOrganizationId),
  });
  if (id && system.isPending) return <Spin />;
  if (id && !system.data) return <ProblemAlert error={system.error} />;
  if (presetOrganizationId && presetOrganization.isPending) return <Spin />;
  return (
    <SystemForm
      key={id ?? "new"}
      system={system.data}
      presetOrganization={presetOrganization.data}
    />
  );
}

type SystemFormProps = { system?: InformationSystem; presetOrganization?: OrganizationRef };

function SystemForm({ system, presetOrganization }: SystemFormProps) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SystemFormValues>();
  const selectedOrganization = system?.organization ?? presetOrganization ?? null;

  const mutation = useMutation({
    mutationFn: (values: SystemFormValues) => {
      const changes = toChanges(values);
      if (system) return updateSystem(system.id, changes);
      return createSystem({ organizationId: values.organizationId, ...changes });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["systems"] });
      void message.success(system ? t("system.saved") : t("system.registered"));
      void navigate(`/directory/organizations/${saved.organization.id}?tab=systems`);
    },
  });

  const requiredRule = [{ required: true, whitespace: true, message: t("common.required") }];
  const decisionRule = [
    ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
      validator(_: unknown, value: unknown) {
        const anyFilled = ["decisionNumber", "decisionDate", "decisionIssuer"].some((f) =>
          Boolean(getFieldValue(f)),
        );
        return anyFilled && !value
          ? Promise.reject(new Error(t("system.decisionIncomplete")))
          : Promise.resolve();
      },
    }),
  ];

  return (
    <>
      <PageHeader
        title={system ? t("system.editTitle", { name: system.name }) : t("system.createTitle")}
      />
      <ProblemAlert error={mutation.error} />
      <Form<SystemFormValues>
        form={form}
        layout="vertical"
        initialValues={
          system
            ? toValues(system)
            : {
                organizationId: presetOrganization?.id,
                securityLevel: 2,
                hosting: "on_premises",
                status: "operating",
              }
        }
        onFinish={(values) => mutation.mutate(values)}
        scrollToFirstError
      >
        <Card title={t("system.sectionGeneral")} style={{ marginBottom: 16 }}>
          <Form.Item
            name="organizationId"
            label={t("system.organization")}
            rules={[{ required: true, message: t("common.required") }]}
          >
            <OrganizationPicker selected={selectedOrganization} disabled={Boolean(system)} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="code" label={t("system.code")} rules={requiredRule}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="name" label={t("system.name")} rules={requiredRule}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="purpose" label={t("system.purpose")} rules={requiredRule}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="owner" label={t("system.owner")} rules={requiredRule}>
            <Input maxLength={300} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="hosting" label={t("system.hosting")} rules={requiredRule}>
                <Select
                  options={HOSTING_KINDS.map((h) => ({ value: h, label: t(`hosting.${h}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="status" label={t("system.status")} rules={requiredRule}>
                <Select
                  options={SYSTEM_STATUSES.map((s) => ({
                    value: s,
                    label: t(`systemStatus.${s}`),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t("system.sectionSecurity")} style={{ marginBottom: 16 }}>
          <Form.Item
            name="securityLevel"
            label={t("system.securityLevel")}
            extra={t("system.securityLevelHelp")}
            rules={[{ required: true, message: t("common.required") }]}
          >
            <Select
              options={SECURITY_LEVELS.map((level) => ({
                value: level,
                label: t("system.levelN", { level }),
              }))}
              style={{ maxWidth: 240 }}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="decisionNumber"
                label={t("system.decisionNumber")}
                dependencies={["decisionDate", "decisionIssuer"]}
                rules={decisionRule}
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="decisionDate"
                label={t("system.decisionDate")}
                dependencies={["decisionNumber", "decisionIssuer"]}
                rules={decisionRule}
              >
                <DatePicker format="DD/MM/YYYY" style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="decisionIssuer"
                label={t("system.decisionIssuer")}
                dependencies={["decisionNumber", "decisionDate"]}
                rules={decisionRule}
              >
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t("system.sectionContacts")} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="contactName" label={t("system.contactName")}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="contactEmail"
                label={t("system.contactEmail")}
                rules={[{ type: "email", message: t("common.invalidEmail") }]}
              >
                <Input type="email" maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="contactPhone" label={t("system.contactPhone")}>
                <Input type="tel" maxLength={50} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            {system ? t("common.save") : t("system.register")}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
