import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Form, Input, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import { fetchService, retireService, type ServiceDetail } from "../../api/exchange.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { formatDateTime } from "../../components/format.ts";
import { key, serviceStatusColors } from "./labels.ts";
import { OpenApiView, WsdlOperations } from "./openapi-view.tsx";
import { RequestAccessForm } from "./request-access-form.tsx";
import { ChannelsSection } from "./channels-section.tsx";
import { TrafficSection } from "./traffic-section.tsx";
import type { Me } from "../../api/types.ts";

/** Provider's administrators: system administrators, or an org_admin of the provider. */
export function canManageService(me: Me, service: ServiceDetail): boolean {
  return (
    hasRole(me, "system_admin") ||
    (hasRole(me, "org_admin") && me.organization.id === service.provider.organizationId)
  );
}

/** The gateway path of a service: `/gw/{org}/{system}/{service}/{version}`. */
export function gatewayPath(service: ServiceDetail): string {
  const p = service.provider;
  return `/gw/${[p.organizationCode, p.systemCode, service.code, service.version].map(encodeURIComponent).join("/")}`;
}

function curlExample(service: ServiceDetail): string {
  const url = `${window.location.origin}${gatewayPath(service)}`;
  if (service.kind === "soap")
    return `curl -X POST "${url}" \\\n  -H "Authorization: Bearer $TOKEN" \\\n  -H "Content-Type: text/xml; charset=utf-8" \\\n  --data @request.xml`;
  const first = service.operations[0] ?? "GET /";
  const [method = "GET", path = "/"] = first.split(" ");
  return `curl -X ${method} "${url}${path}" \\\n  -H "Authorization: Bearer $TOKEN" \\\n  -H "Accept: application/json"`;
}

export default function ServicePage() {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const { id = "" } = useParams();
  const service = useQuery({ queryKey: ["lgsp-service", id], queryFn: () => fetchService(id) });

  if (service.isPending) return <Spin aria-label={t("common.loading")} />;
  if (!service.data) return <ProblemAlert error={service.error} />;
  const s = service.data;
  const manage = canManageService(me, s);
  const sla = [
    s.sla.availabilityPercent !== undefined
      ? `${t("lgsp.service.availability")}: ${s.sla.availabilityPercent}`
      : undefined,
    s.sla.maxLatencyMs !== undefined
      ? `${t("lgsp.service.maxLatency")}: ${s.sla.maxLatencyMs}`
      : undefined,
    s.sla.supportHours ? `${t("lgsp.service.supportHours")}: ${s.sla.supportHours}` : undefined,
  ].filter(Boolean);
  const contact = [s.contact.name, s.contact.email, s.contact.phone].filter(Boolean).join(" — ");

  return (
    <>
      <PageHeader
        title={s.name}
        extra={manage && s.status !== "retired" ? <RetireButton service={s} /> : null}
      />
      <SectionCard title={t("lgsp.service.details")}>
        {s.description ? <Typography.Paragraph>{s.description}</Typography.Paragraph> : null}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: "provider",
              label: t("lgsp.service.provider"),
              children: s.provider.organizationName,
            },
            {
              key: "system",
              label: t("lgsp.service.providerSystem"),
              children: s.provider.systemCode,
            },
            { key: "code", label: t("lgsp.service.code"), children: <code>{s.code}</code> },
            { key: "version", label: t("lgsp.service.version"), children: s.version },
            { key: "kind", label: t("lgsp.service.kind"), children: t(key("lgspKind", s.kind)) },
            {
              key: "status",
              label: t("lgsp.service.status"),
              children: (
                <Tag color={serviceStatusColors[s.status]}>{t(key("lgspStatus", s.status))}</Tag>
              ),
            },
            {
              key: "classification",
              label: t("lgsp.service.classification"),
              children: t(key("lgspClass", s.classification)),
            },
            {
              key: "logging",
              label: t("lgsp.service.bodyLogging"),
              children: t(key("lgspLogging", s.bodyLogging)),
            },
            {
              key: "mediation",
              label: t("lgsp.service.mediation"),
              children: (
                <>
                  {t(key("lgspMediation", s.mediation.mode))}
                  {s.mediation.xmlRoot ? (
                    <>
                      {" — "}
                      {t("lgsp.service.xmlRoot")}: <code>{s.mediation.xmlRoot}</code>
                    </>
                  ) : null}
                </>
              ),
            },
            ...(s.baseUrl
              ? [
                  {
                    key: "base",
                    label: t("lgsp.service.baseUrl"),
                    children: <code>{s.baseUrl}</code>,
                  },
                ]
              : []),
            { key: "owner", label: t("lgsp.service.owner"), children: s.owner },
            { key: "contact", label: t("lgsp.service.contact"), children: contact || "—" },
            {
              key: "sla",
              label: t("lgsp.service.sla"),
              children: sla.length ? sla.join("; ") : "—",
            },
            { key: "timeout", label: t("lgsp.service.timeout"), children: s.timeoutMs },
            {
              key: "doc",
              label: t("lgsp.service.documentationUrl"),
              children: s.documentationUrl ? (
                <a href={s.documentationUrl} target="_blank" rel="noreferrer">
                  {s.documentationUrl}
                </a>
              ) : (
                "—"
              ),
            },
            {
              key: "health",
              label: t("lgsp.service.healthPath"),
              children: s.healthPath ? (
                <code>{s.healthPath}</code>
              ) : (
                t("lgsp.service.healthPathNone")
              ),
            },
            {
              key: "updated",
              label: t("lgsp.service.updatedAt"),
              children: formatDateTime(s.updatedAt, language),
            },
          ]}
        />
      </SectionCard>
      <SectionCard title={t("lgsp.service.operations")}>
        {s.kind === "rest" ? (
          <OpenApiView document={s.openapi} />
        ) : (
          <WsdlOperations operations={s.operations} />
        )}
      </SectionCard>
      <SectionCard title={t("lgsp.service.gateway")}>
        <Typography.Paragraph>
          {t("lgsp.service.gatewayPath")}:{" "}
          <Typography.Text code copyable={{ text: gatewayPath(s) }}>
            {gatewayPath(s)}
          </Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph>{t("lgsp.service.curlExample")}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: curlExample(s) }}>
          <pre style={{ margin: 0 }} aria-label={t("lgsp.service.curlExample")}>
            {curlExample(s)}
          </pre>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t("lgsp.service.curlHint")}</Typography.Paragraph>
      </SectionCard>
      <TrafficSection serviceId={s.id} />
      <ChannelsSection service={s} manage={manage} />
      {s.status !== "retired" ? (
        <SectionCard title={t("lgsp.access.title")}>
          <RequestAccessForm service={s} />
        </SectionCard>
      ) : null}
    </>
  );
}

function RetireButton({ service }: { service: ServiceDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = useMutation({
    mutationFn: ({ reason }: { reason: string }) => retireService(service.id, reason),
    onSuccess: async () => {
      void message.success(t("lgsp.service.retired"));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["lgsp-service", service.id] });
    },
  });
  if (!open)
    return (
      <Button danger onClick={() => setOpen(true)}>
        {t("lgsp.service.retire")}
      </Button>
    );
  return (
    <Form form={form} layout="inline" onFinish={(v) => mutation.mutate(v)}>
      <ProblemAlert error={mutation.error} />
      <Form.Item
        name="reason"
        label={t("lgsp.reason")}
        rules={[{ required: true, whitespace: true, message: t("lgsp.reasonRequired") }]}
      >
        <Input style={{ width: 260 }} />
      </Form.Item>
      <Button danger htmlType="submit" loading={mutation.isPending}>
        {t("lgsp.service.retire")}
      </Button>
      <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
    </Form>
  );
}
