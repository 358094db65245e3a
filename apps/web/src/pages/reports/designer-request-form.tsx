import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Flex, Input, Radio, Select, Typography } from "antd";
import { useId, useState } from "react";
import type { FieldProblem } from "../../api/client.ts";
import {
  createReportRequest,
  type ReportRequest,
  type ReportRequestInput,
} from "../../api/report-designer.ts";
import type { OrganizationTreeItem } from "../../api/types.ts";
import { formatDate, formatDateWithWeekday } from "../../components/format.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { optionalText } from "./designer-editing.ts";
import { DesignerField } from "./designer-field.tsx";
import { DesignerProblemSummary } from "./designer-problem-summary.tsx";
import { problemsAt, problemsOf, withoutPath } from "./designer-problems.ts";

/** The form's values; each text field is named as the body's field, so problems find it. */
type RequestValues = {
  code: string;
  title: string;
  start: string;
  end: string;
  deadline: string;
  /** Every reporting unit of the regime, or only those in `organizationIds`. */
  scope: "all" | "some";
  organizationIds: string[];
  note: string;
};

const EMPTY: RequestValues = {
  code: "",
  title: "",
  start: "",
  end: "",
  deadline: "",
  scope: "all",
  organizationIds: [],
  note: "",
};

const REQUIRED = ["code", "title", "start", "end", "deadline"] as const;

function toRequestInput(v: RequestValues): ReportRequestInput {
  const note = optionalText(v.note);
  return {
    code: v.code.trim(),
    title: v.title,
    start: v.start,
    end: v.end,
    deadline: v.deadline,
    ...(v.scope === "some" ? { organizationIds: v.organizationIds } : {}),
    ...(note ? { note } : {}),
  };
}

type RequestFormProps = {
  regimeId: string;
  /** The regime's reporting units, among which a request may ask only some. */
  units: OrganizationTreeItem[];
  onCreated: (request: ReportRequest) => Promise<unknown>;
};

/**
 * Requests a thematic or ad-hoc report: code, title, data window, deadline and, optionally, only
 * some of the regime's units. Each problem the server names shows under its field; once made,
 * the deadline is shown as the server set it, with the reason when a day off moved it.
 */
export function RequestForm({ regimeId, units, onCreated }: RequestFormProps) {
  const t = useT();
  const headingId = useId();
  const [values, setValues] = useState(EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const create = useMutation({
    mutationFn: (input: ReportRequestInput) => createReportRequest(regimeId, input),
    onMutate: () => setProblems([]),
    onSuccess: async (request) => {
      setValues(EMPTY);
      await onCreated(request);
    },
    onError: (error) => setProblems(problemsOf(error)),
  });
  const set = <K extends keyof RequestValues>(key: K, path: string, value: RequestValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setProblems((current) => withoutPath(current, path));
  };
  const submit = () => {
    const missing = REQUIRED.filter((key) => !values[key].trim()).map((key) => ({
      path: `/${key}`,
      message: t("common.required"),
    }));
    if (missing.length > 0) {
      create.reset();
      setProblems(missing);
    } else create.mutate(toRequestInput(values));
  };
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const unitProblems = problems
    .filter((p) => p.path === "/organizationIds" || p.path.startsWith("/organizationIds/"))
    .map((p) => {
      const unit = values.organizationIds[Number(p.path.split("/")[2])];
      return unit ? `${unitName.get(unit) ?? unit}: ${p.message}` : p.message;
    });
  const text = (key: "code" | "title" | "note", width: number | string) => (
    <DesignerField
      label={t(`designer.request.${key}`)}
      problems={problemsAt(problems, `/${key}`)}
      width={width}
    >
      {(control) =>
        key === "note" ? (
          <Input.TextArea
            {...control}
            autoSize={{ minRows: 2, maxRows: 6 }}
            value={values.note}
            onChange={(e) => set("note", "/note", e.target.value)}
          />
        ) : (
          <Input
            {...control}
            value={values[key]}
            placeholder={key === "code" ? "DX-2026-01" : undefined}
            onChange={(e) => set(key, `/${key}`, e.target.value)}
          />
        )
      }
    </DesignerField>
  );
  const date = (key: "start" | "end" | "deadline") => (
    <DesignerField
      label={t(`designer.request.${key}`)}
      problems={problemsAt(problems, `/${key}`)}
      width={180}
    >
      {(control) => (
        <Input
          {...control}
          type="date"
          value={values[key]}
          onChange={(e) => set(key, `/${key}`, e.target.value)}
        />
      )}
    </DesignerField>
  );

  return (
    <form
      aria-labelledby={headingId}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      style={{ marginTop: 24, maxWidth: 960 }}
    >
      <Typography.Title id={headingId} level={3} style={{ fontSize: 15 }}>
        {t("designer.request.create")}
      </Typography.Title>
      <DesignerProblemSummary error={create.error} problems={problems} />
      <Flex vertical gap={12}>
        <Flex wrap gap={12} align="start">
          {text("code", 220)}
          {text("title", 560)}
        </Flex>
        <Flex wrap gap={12} align="start">
          {date("start")}
          {date("end")}
          {date("deadline")}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("designer.request.deadlineHelp")}
        </Typography.Text>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 12, marginBottom: 4 }}>{t("designer.request.units")}</legend>
          <Radio.Group
            value={values.scope}
            onChange={(e) =>
              set("scope", "/organizationIds", e.target.value as RequestValues["scope"])
            }
            options={[
              { value: "all", label: t("designer.request.scopeAll", { count: units.length }) },
              { value: "some", label: t("designer.request.scopeSome") },
            ]}
          />
        </fieldset>
        {values.scope === "some" ? (
          <DesignerField label={t("designer.request.organizations")} problems={unitProblems}>
            {(control) => (
              <Select
                {...control}
                mode="multiple"
                optionFilterProp="label"
                value={values.organizationIds}
                onChange={(ids: string[]) => set("organizationIds", "/organizationIds", ids)}
                options={units.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
              />
            )}
          </DesignerField>
        ) : null}
        {text("note", "100%")}
        <div>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t("designer.request.create")}
          </Button>
        </div>
        {create.data ? (
          <RequestCreated request={create.data} entered={create.variables?.deadline ?? ""} />
        ) : null}
      </Flex>
    </form>
  );
}

/** The request just made, with its deadline as the server set it. */
function RequestCreated({ request, entered }: { request: ReportRequest; entered: string }) {
  const t = useT();
  const { language } = useLanguage();
  const moved = entered !== request.deadline;
  return (
    <Alert
      type="success"
      showIcon
      role="status"
      title={t("designer.request.created", {
        code: request.code,
        deadline: formatDate(request.deadline, language),
      })}
      description={
        moved
          ? t("designer.request.deadlineMoved", {
              entered: formatDateWithWeekday(entered, language),
              deadline: formatDateWithWeekday(request.deadline, language),
            })
          : undefined
      }
    />
  );
}
