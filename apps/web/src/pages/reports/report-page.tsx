import { useQuery } from "@tanstack/react-query";
import { Alert, Descriptions, Flex, Spin, Tag, Typography } from "antd";
import { useParams } from "react-router";
import { fetchReport, fetchTemplate, type ReportView } from "../../api/reports.ts";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { DataForms } from "./data-forms.tsx";
import { ExcelFormCard } from "./excel-form-card.tsx";
import { ReportStatusTag } from "./labels.tsx";
import { NarrativeSections } from "./narrative-sections.tsx";
import { ReportAttachments } from "./report-attachments.tsx";
import { ReportActions } from "./report-actions.tsx";
import { ReportHistory } from "./report-history.tsx";
import { SaveIndicator } from "./save-indicator.tsx";
import { SignatureCheck } from "./signature-check.tsx";
import { useAutosave } from "./use-autosave.ts";

/** Submitted reports wait for review and accepted ones are locked: nothing is entered then. */
const LOCKED = new Set(["submitted", "accepted"]);

/** One unit's report of a period: particulars, the data forms, the narrative, review, history. */
export default function ReportPage() {
  const t = useT();
  const { id = "" } = useParams();
  const report = useQuery({ queryKey: ["report", id], queryFn: () => fetchReport(id) });
  const template = useQuery({
    queryKey: ["report-template", report.data?.regime.id, report.data?.templateVersion],
    queryFn: () => fetchTemplate(report.data!.regime.id, report.data!.templateVersion),
    enabled: report.data !== undefined,
    staleTime: Infinity,
  });
  const autosave = useAutosave(id);

  if (report.error) return <ProblemAlert error={report.error} />;
  if (template.error) return <ProblemAlert error={template.error} />;
  if (!report.data || !template.data) return <Spin aria-label={t("common.loading")} />;
  const view = report.data;
  const readOnly = LOCKED.has(view.status);
  const definition = template.data.definition;
  return (
    <>
      <PageHeader
        title={view.regime.name}
        extra={readOnly ? null : <SaveIndicator state={autosave.state} />}
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <ReportStatusTag status={view.status} />
        {view.late ? <Tag color="red">{t("reports.late")}</Tag> : null}
      </Flex>
      <Particulars report={view} />
      <ReportActions report={view} />
      {view.status === "returned" && view.reviewNote ? (
        <Alert
          type="warning"
          showIcon
          title={t("reports.returnedBecause")}
          description={view.reviewNote}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <RuleFailures failures={view.ruleFailures} />
      <ProblemAlert error={autosave.problem} />
      <DataForms
        report={view}
        definition={definition}
        readOnly={readOnly}
        errors={autosave.errors}
        onCommit={(value) => void autosave.save({ values: [value] })}
      />
      <NarrativeSections
        report={view}
        definition={definition}
        readOnly={readOnly}
        errors={autosave.errors}
        onCommit={(code, text) => void autosave.save({ narrative: { [code]: text } })}
      />
      <ReportAttachments report={view} />
      <ExcelFormCard report={view} readOnly={readOnly} />
      {view.version > 0 ? (
        <SectionCard title={t("reports.signature")}>
          <SignatureCheck reportId={view.id} />
        </SectionCard>
      ) : null}
      <ReportHistory reportId={view.id} history={view.history} />
    </>
  );
}

function Particulars({ report }: { report: ReportView }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <SectionCard title={t("reports.particulars")}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "unit", label: t("reports.organization"), children: report.organization.name },
          { key: "period", label: t("reports.period"), children: report.periodId },
          {
            key: "window",
            label: t("reports.window"),
            children: `${formatDate(report.start, language)} – ${formatDate(report.end, language)}`,
          },
          {
            key: "deadline",
            label: t("reports.deadline"),
            children: formatDate(report.deadline, language),
          },
          {
            key: "submitted",
            label: t("reports.submittedAt"),
            children: formatDateTime(report.submittedAt, language),
          },
          {
            key: "template",
            label: t("reports.templateVersion"),
            children: report.templateVersion,
          },
        ]}
      />
    </SectionCard>
  );
}

function RuleFailures({ failures }: { failures: ReportView["ruleFailures"] }) {
  const t = useT();
  if (failures.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title={t("reports.ruleFailures")}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {failures.map((f) => (
            <li key={f.code}>
              <Typography.Text>{f.message}</Typography.Text>
            </li>
          ))}
        </ul>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
