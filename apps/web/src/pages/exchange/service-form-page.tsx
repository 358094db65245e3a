import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Col, Form, Input, InputNumber, Radio, Row, Select } from "antd";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/client.ts";
import {
  BODY_LOGGING,
  CLASSIFICATIONS,
  createService,
  MEDIATION_MODES,
  SERVICE_KINDS,
  type BodyLogging,
  type Classification,
  type MediationMode,
  type ServiceInput,
  type ServiceKind,
} from "../../api/exchange.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { SystemPicker } from "../../components/system-picker.tsx";
import { useT } from "../../i18n/index.tsx";
import { key, optionalInt } from "./labels.ts";

type Values = {
  providerOrganizationId?: string;
  providerSystemId: string;
  code: string;
  version: string;
  kind: ServiceKind;
  name: string;
  description?: string;
  baseUrl: string;
  source: "paste" | "url";
  descriptionText?: string;
  descriptionUrl?: string;
  classification: Classification;
  owner: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  documentationUrl?: string;
  healthPath?: string;
  availabilityPercent?: number;
  maxLatencyMs?: number;
  supportHours?: string;
  bodyLogging: BodyLogging;
  mediation: MediationMode;
  xmlRoot?: string;
  timeoutMs?: number;
};

const trimmed = (v: string | undefined) => v?.trim() || undefined;

function toInput(v: Values): ServiceInput {
  const text = trimmed(v.descriptionText);
  const url = trimmed(v.descriptionUrl);
  const rest = v.kind === "rest";
  const contact = {
    name: trimmed(v.contactName),
    email: trimmed(v.contactEmail),
    phone: trimmed(v.contactPhone),
  };
  const sla = {
    availabilityPercent: v.availabilityPercent ?? undefined,
    maxLatencyMs: optionalInt(v.maxLatencyMs),
    supportHours: trimmed(v.supportHours),
  };
  return {
    providerSystemId: v.providerSystemId,
    code: v.code.trim(),
    version: v.version.trim(),
    kind: v.kind,
    name: v.name.trim(),
    description: trimmed(v.description),
    baseUrl: v.baseUrl.trim(),
    ...(v.source === "paste"
      ? rest
        ? { openapi: text }
        : { wsdl: text }
      : rest
        ? { openapiUrl: url }
        : { wsdlUrl: url }),
    classification: v.classification,
    owner: v.owner.trim(),
    contact: Object.values(contact).some(Boolean) ? contact : undefined,
    documentationUrl: trimmed(v.documentationUrl),
    healthPath: trimmed(v.healthPath),
    sla: Object.values(sla).some((x) => x !== undefined) ? sla : undefined,
    bodyLogging: v.bodyLogging,
    // SOAP envelopes pass untouched: only a REST service converts JSON ↔ XML.
    mediation:
      rest && v.mediation === "json-xml"
        ? { mode: "json-xml", xmlRoot: trimmed(v.xmlRoot) }
        : undefined,
    timeoutMs: optionalInt(v.timeoutMs),
  };
}

/** Maps the server's field paths (`body.code`, `body.sla.maxLatencyMs`) to this form's fields. */
const fieldOf: Record<string, keyof Values> = {
  providerSystemId: "providerSystemId",
  code: "code",
  version: "version",
  name: "name",
  baseUrl: "baseUrl",
  openapi: "descriptionText",
  wsdl: "descriptionText",
  openapiUrl: "descriptionUrl",
  wsdlUrl: "descriptionUrl",
  owner: "owner",
  documentationUrl: "documentationUrl",
  healthPath: "healthPath",
  timeoutMs: "timeoutMs",
  "mediation/mode": "mediation",
  "mediation/xmlRoot": "xmlRoot",
  "contact/email": "contactEmail",
  "sla/maxLatencyMs": "maxLatencyMs",
  "sla/availabilityPercent": "availabilityPercent",
};

/** Providers' administrators register a service of one of their organization's systems. */
export default function ServiceFormPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form) ?? "rest";
  const source = Form.useWatch("source", form) ?? "paste";
  const mediation = Form.useWatch("mediation", form) ?? "none";
  const organizationId = Form.useWatch("providerOrganizationId", form) ?? me.organization.id;

  const mutation = useMutation({
    mutationFn: (v: Values) => createService(toInput(v)),
    onSuccess: async (service) => {
      void message.success(t("lgsp.register.created"));
      await queryClient.invalidateQueries({ queryKey: ["lgsp-services"] });
      void navigate(`/exchange/services/${service.id}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fields = error.errors.flatMap((e) => {
        const path = e.path.replace(/^body\./, "").replace(/^\//, "");
        const name = fieldOf[path.replace(/\./g, "/")];
        return name ? [{ name, errors: [error.detail ?? e.message] }] : [];
      });
      if (fields.length) form.setFields(fields);
    },
  });

  const required = [{ required: true, whitespace: true, message: t("common.required") }];
  const codeRules = [
    ...required,
    { pattern: /^[A-Za-z0-9._-]+$/, message: t("lgsp.register.codeInvalid") },
  ];
  const urlRule = { type: "url" as const, message: t("common.invalidUrl") };

  return (
    <>
      <PageHeader title={t("lgsp.register.title")} />
      {isAdministrator(me) ? null : <ProblemAlert error={new Error(t("lgsp.register.notAdmin"))} />}
      <ProblemAlert error={mutation.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 960 }}
        initialValues={{
          providerOrganizationId: me.organization.id,
          kind: "rest",
          source: "paste",
          classification: "internal",
          bodyLogging: "none",
          mediation: "none",
        }}
        onFinish={(v) => mutation.mutate(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if ("providerOrganizationId" in changed)
            form.setFieldValue("providerSystemId", undefined);
        }}
        scrollToFirstError
      >
        <SectionCard title={t("lgsp.service.details")}>
          <Form.Item
            name="providerOrganizationId"
            label={t("lgsp.service.providerOrganization")}
            rules={[{ required: true, message: t("common.required") }]}
          >
            <OrganizationPicker selected={me.organization} />
          </Form.Item>
          <Form.Item
            name="providerSystemId"
            label={t("lgsp.service.providerSystem")}
            rules={[{ required: true, message: t("common.required") }]}
          >
            <SystemPicker organizationId={organizationId} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="code" label={t("lgsp.service.code")} rules={codeRules}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="version" label={t("lgsp.service.version")} rules={codeRules}>
                <Input maxLength={20} placeholder="v1" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t("lgsp.service.kind")}>
                <Select
                  options={SERVICE_KINDS.map((k) => ({ value: k, label: t(key("lgspKind", k)) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="name" label={t("lgsp.service.name")} rules={required}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="description" label={t("lgsp.service.description")}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          <Form.Item
            name="baseUrl"
            label={t("lgsp.service.baseUrl")}
            rules={[...required, urlRule]}
          >
            <Input placeholder="https://" maxLength={2000} />
          </Form.Item>
          <Form.Item name="source" label={t("lgsp.service.descriptionSource")}>
            <Radio.Group
              options={[
                { value: "paste", label: t("lgsp.service.sourcePaste") },
                { value: "url", label: t("lgsp.service.sourceUrl") },
              ]}
            />
          </Form.Item>
          {source === "paste" ? (
            <Form.Item
              name="descriptionText"
              label={t(kind === "rest" ? "lgsp.service.openapi" : "lgsp.service.wsdl")}
              rules={[
                { required: true, whitespace: true, message: t("lgsp.register.descriptionNeeded") },
              ]}
            >
              <Input.TextArea rows={10} style={{ fontFamily: "monospace" }} />
            </Form.Item>
          ) : (
            <Form.Item
              name="descriptionUrl"
              label={t(kind === "rest" ? "lgsp.service.openapiUrl" : "lgsp.service.wsdlUrl")}
              rules={[
                { required: true, whitespace: true, message: t("lgsp.register.descriptionNeeded") },
                urlRule,
              ]}
            >
              <Input placeholder="https://" />
            </Form.Item>
          )}
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="classification" label={t("lgsp.service.classification")}>
                <Select
                  options={CLASSIFICATIONS.map((c) => ({
                    value: c,
                    label: t(key("lgspClass", c)),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="bodyLogging" label={t("lgsp.service.bodyLogging")}>
                <Select
                  options={BODY_LOGGING.map((c) => ({
                    value: c,
                    label: t(key("lgspLogging", c)),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="owner" label={t("lgsp.service.owner")} rules={required}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item
            name="documentationUrl"
            label={t("lgsp.service.documentationUrl")}
            rules={[urlRule]}
          >
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item
            name="healthPath"
            label={t("lgsp.service.healthPath")}
            extra={t("lgsp.service.healthPathHelp")}
            rules={[{ pattern: /^\/[^\s#]*$/, message: t("lgsp.service.healthPathInvalid") }]}
          >
            <Input placeholder="/health" maxLength={500} />
          </Form.Item>
          <Form.Item name="timeoutMs" label={t("lgsp.service.timeout")}>
            <InputNumber min={100} max={600000} style={{ width: 200 }} />
          </Form.Item>
          {kind === "rest" ? (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="mediation"
                  label={t("lgsp.service.mediation")}
                  extra={t("lgsp.service.mediationHelp")}
                >
                  <Select
                    options={MEDIATION_MODES.map((m) => ({
                      value: m,
                      label: t(key("lgspMediation", m)),
                    }))}
                  />
                </Form.Item>
              </Col>
              {mediation === "json-xml" ? (
                <Col xs={24} md={12}>
                  <Form.Item
                    name="xmlRoot"
                    label={t("lgsp.service.xmlRoot")}
                    rules={[
                      {
                        pattern: /^(?![Xx][Mm][Ll])[A-Za-z][A-Za-z0-9._-]*$/,
                        message: t("lgsp.service.xmlRootInvalid"),
                      },
                    ]}
                  >
                    <Input maxLength={100} placeholder="jsonObject" />
                  </Form.Item>
                </Col>
              ) : null}
            </Row>
          ) : null}
        </SectionCard>
        <SectionCard title={t("lgsp.service.contact")}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="contactName" label={t("lgsp.service.contactName")}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="contactEmail"
                label={t("lgsp.service.contactEmail")}
                rules={[{ type: "email", message: t("common.invalidEmail") }]}
              >
                <Input maxLength={254} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="contactPhone" label={t("lgsp.service.contactPhone")}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
          </Row>
        </SectionCard>
        <SectionCard title={t("lgsp.service.sla")}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="availabilityPercent" label={t("lgsp.service.availability")}>
                <InputNumber min={0} max={100} step={0.1} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="maxLatencyMs" label={t("lgsp.service.maxLatency")}>
                <InputNumber min={1} max={600000} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="supportHours" label={t("lgsp.service.supportHours")}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
        </SectionCard>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t("lgsp.register.submit")}
        </Button>
      </Form>
    </>
  );
}
