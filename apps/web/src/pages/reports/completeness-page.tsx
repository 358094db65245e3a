import { useQuery } from "@tanstack/react-query";
import { Form, Select } from "antd";
import { fetchActiveRegimes, fetchSchedule, fetchTemplate } from "../../api/reports.ts";
import { listedPeriods } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useAddressChoices } from "../../components/use-address-choices.ts";
import { useT } from "../../i18n/index.tsx";
import { CompletenessGrid } from "./completeness-grid.tsx";
import { CompletenessMatrix } from "./completeness-matrix.tsx";
import { RemindLateButton } from "./remind-late-button.tsx";

/** How many indicators the grid shows beside completeness. */
const SHOWN_INDICATORS = 3;

/**
 * Tổng hợp & tỷ lệ nộp: for one regime, every reporting unit's standing across the latest periods
 * (the matrix); for one period, every unit with what it owed, sent, sent on time and had
 * accepted, and the first indicators' figures (the receiving side only).
 */
export default function CompletenessPage() {
  const t = useT();
  const [params, chooseInAddress] = useAddressChoices();
  const regimeId = params.get("regime") ?? undefined;
  const periodId = params.get("period") ?? undefined;
  const choose = (next: { regime?: string; period?: string }) =>
    chooseInAddress(next, { replace: false });

  const regimes = useQuery({ queryKey: ["regimes", "active"], queryFn: fetchActiveRegimes });
  const regime = regimes.data?.find((r) => r.id === regimeId);
  // The periods of the last two years and this one, up to the period under way (the server's
  // default end), which may end next year.
  const from = listedPeriods(2).from;
  const schedule = useQuery({
    queryKey: ["schedule", regimeId, from],
    queryFn: () => fetchSchedule(regimeId!, { from }),
    enabled: regimeId !== undefined,
  });
  const template = useQuery({
    queryKey: ["report-template", regime?.id, regime?.templateVersion],
    queryFn: () => fetchTemplate(regime!.id, regime!.templateVersion!),
    enabled: regime?.templateVersion != null,
    staleTime: Infinity,
  });
  const ofPeriod = (schedule.data ?? []).filter((item) => item.periodId === periodId);
  const periods = [...new Set((schedule.data ?? []).map((item) => item.periodId))].sort().reverse();
  const indicators = (template.data?.definition.forms ?? [])
    .flatMap((form) => form.indicators)
    .filter((i) => i.type !== "text" && i.type !== "boolean")
    .slice(0, SHOWN_INDICATORS);

  return (
    <>
      <PageHeader title={t("reports.completeness.title")} />
      <ProblemAlert error={regimes.error ?? schedule.error ?? template.error} />
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t("reports.regime")} htmlFor="completeness-regime">
          <Select
            id="completeness-regime"
            style={{ minWidth: 360 }}
            loading={regimes.isPending}
            value={regimeId}
            placeholder={t("reports.completeness.pickRegime")}
            options={(regimes.data ?? []).map((r) => ({
              value: r.id,
              label: `${r.code} — ${r.name}`,
            }))}
            onChange={(value: string) => choose({ regime: value, period: undefined })}
          />
        </Form.Item>
        <Form.Item label={t("reports.period")} htmlFor="completeness-period">
          <Select
            id="completeness-period"
            style={{ minWidth: 140 }}
            disabled={regimeId === undefined}
            loading={schedule.isFetching}
            value={periodId}
            placeholder={t("reports.completeness.pickPeriod")}
            allowClear
            options={periods.map((p) => ({ value: p, label: p }))}
            onChange={(value: string | undefined) => choose({ period: value })}
          />
        </Form.Item>
      </Form>
      {regimeId && !periodId && schedule.data ? (
        <div style={{ marginBottom: 16 }}>
          <CompletenessMatrix
            schedule={schedule.data}
            onPickPeriod={(period) => choose({ period })}
          />
        </div>
      ) : null}
      {regimeId && periodId && template.data ? (
        <>
          <RemindLateButton regimeId={regimeId} periodId={periodId} schedule={ofPeriod} />
          <CompletenessGrid
            regimeId={regimeId}
            periodId={periodId}
            indicators={indicators}
            schedule={ofPeriod}
          />
        </>
      ) : null}
    </>
  );
}
