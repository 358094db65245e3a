import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input, InputNumber, Radio, Select, Space } from "antd";
import { fetchOrganizationTree } from "../../api/directory.ts";
import type { FormInstance } from "antd";
import {
  FREQUENCIES,
  ORGANIZATION_KINDS,
  REGIME_KINDS,
  WINDOW_RULES,
} from "../../api/report-designer.ts";
import type { OrganizationRef } from "../../api/types.ts";
import { OrganizationPicker } from "../../components/organization-picker.tsx";
import { useT, type MessageKey } from "../../i18n/index.tsx";
import type { RegimeFormValues } from "./designer-regime-values.ts";

type RegimeFormProps = {
  form: FormInstance<RegimeFormValues>;
  initialValues: Partial<RegimeFormValues>;
  disabled: boolean;
  pending: boolean;
  submitLabel: string;
  /** The receiving organization chosen at first, so its name shows before any search. */
  receiving: OrganizationRef;
  onSubmit: (values: RegimeFormValues) => void;
};

/** A regime's fields as the create API takes them (Decree 09/2019 art. 7, 8 and 12). */
export function RegimeForm(props: RegimeFormProps) {
  const { form, initialValues, disabled, pending, submitLabel, receiving, onSubmit } = props;
  const t = useT();
  const deadlineKind = Form.useWatch("deadlineKind", form) ?? initialValues.deadlineKind;
  const reportingKind = Form.useWatch("reportingKind", form) ?? initialValues.reportingKind;
  const tree = useQuery({ queryKey: ["organizations", "tree"], queryFn: fetchOrganizationTree });
  const required = [{ required: true, whitespace: true, message: t("common.required") }];
  const choices = <K extends string>(values: readonly K[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));

  return (
    <Form<RegimeFormValues>
      form={form}
      layout="vertical"
      disabled={disabled}
      initialValues={initialValues}
      onFinish={onSubmit}
      style={{ maxWidth: 960 }}
    >
      <Space wrap align="start">
        <Form.Item
          name="code"
          label={t("designer.regimeCode")}
          rules={required}
          style={{ width: 240 }}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="name"
          label={t("designer.regimeName")}
          rules={required}
          style={{ width: 640 }}
        >
          <Input />
        </Form.Item>
      </Space>
      <Form.Item name="legalBasis" label={t("designer.legalBasis")} rules={required}>
        <Input />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="kind" label={t("designer.regimeKind")}>
          <Radio.Group options={choices(REGIME_KINDS, "designer.regimeKind")} />
        </Form.Item>
        <Form.Item name="frequency" label={t("designer.frequency")} style={{ width: 200 }}>
          <Select options={choices(FREQUENCIES, "designer.frequency")} />
        </Form.Item>
        <Form.Item name="windowRule" label={t("designer.windowRule")}>
          <Radio.Group options={choices(WINDOW_RULES, "designer.windowRule")} />
        </Form.Item>
      </Space>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontSize: 14, marginBottom: 8 }}>{t("designer.deadline")}</legend>
        <Form.Item name="deadlineKind" label={t("designer.deadlineKind")}>
          <Radio.Group
            options={[
              { value: "day_of_month", label: t("designer.deadlineKind.day_of_month") },
              {
                value: "working_days_after_end",
                label: t("designer.deadlineKind.working_days_after_end"),
              },
            ]}
          />
        </Form.Item>
        {deadlineKind === "day_of_month" ? (
          <Space wrap align="start">
            <Form.Item name="deadlineDay" label={t("designer.deadlineDay")}>
              <InputNumber min={1} max={31} precision={0} />
            </Form.Item>
            <Form.Item name="deadlineMonthsAfterEnd" label={t("designer.monthsAfterEnd")}>
              <InputNumber min={0} max={12} precision={0} />
            </Form.Item>
          </Space>
        ) : (
          <Form.Item name="deadlineDays" label={t("designer.deadlineDays")}>
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
        )}
      </fieldset>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontSize: 14, marginBottom: 8 }}>{t("designer.reporting")}</legend>
        <Form.Item name="reportingKind" label={t("designer.reportingKind")}>
          <Radio.Group
            options={[
              { value: "organization_kind", label: t("designer.reportingKind.organization_kind") },
              { value: "organizations", label: t("designer.reportingKind.organizations") },
            ]}
          />
        </Form.Item>
        {reportingKind === "organizations" ? (
          <Form.Item name="organizationIds" label={t("designer.reportingOrganizations")}>
            <Select
              mode="multiple"
              loading={tree.isPending}
              optionFilterProp="label"
              options={(tree.data?.items ?? []).map((o) => ({
                value: o.id,
                label: `${o.name} (${o.code})`,
              }))}
            />
          </Form.Item>
        ) : (
          <Space wrap align="start">
            <Form.Item
              name="organizationKind"
              label={t("designer.organizationKind")}
              style={{ width: 280 }}
            >
              <Select options={choices(ORGANIZATION_KINDS, "organizationKind")} />
            </Form.Item>
            <Form.Item
              name="shortName"
              label={t("designer.shortName")}
              extra={t("designer.shortNameHelp")}
            >
              <Input style={{ width: 160 }} />
            </Form.Item>
          </Space>
        )}
      </fieldset>
      <Form.Item
        name="receivingOrganizationId"
        label={t("designer.receivingOrganization")}
        style={{ maxWidth: 560 }}
      >
        <OrganizationPicker selected={receiving} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="effectiveFrom" label={t("designer.effectiveFrom")} rules={required}>
          <Input type="date" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="effectiveTo" label={t("designer.effectiveTo")}>
          <Input type="date" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="reminderDays"
          label={t("designer.reminderDays")}
          extra={t("designer.reminderDaysHelp")}
          style={{ width: 260 }}
        >
          <InputNumber min={0} max={10} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="confidentiality"
          label={t("designer.confidentiality")}
          style={{ width: 200 }}
        >
          <Select
            options={(["none", "mat", "toi_mat", "tuyet_mat"] as const).map((value) => ({
              value,
              label: t(`designer.confidentiality.${value}`),
            }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name="description" label={t("designer.description")}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending}>
        {submitLabel}
      </Button>
    </Form>
  );
}
