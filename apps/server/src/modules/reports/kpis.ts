import { vietnamToday } from "@lienthong/calendar";
import type { Kpi, ModuleContext } from "../../core/module.ts";
import { asks, regimePeriodsEndingBetween } from "./regime-periods.ts";
import { reportingOrganizations } from "./regimes.ts";
import { selectRegimes } from "./repo.ts";
import { selectReportsOf } from "./reports-repo.ts";

type Counts = { expected: number; submitted: number; onTime: number };

/**
 * The reporting figures for the IOC (target: 100 % of periodic reports submitted and aggregated
 * online): of the reports expected this year (Vietnam time) whose deadline has passed — each
 * regime in force × its reporting units × its periods — the share submitted online, and the share
 * first submitted by the deadline; overall and per regime (`reports.submitted_share.<code>`,
 * `reports.on_time_share.<code>`). Submitted counts as the completeness view does: with the
 * receiver (submitted or accepted), not a report returned for correction and not yet sent again.
 */
export async function reportsKpis(ctx: ModuleContext): Promise<Kpi[]> {
  const at = new Date();
  const today = vietnamToday(at);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const total: Counts = { expected: 0, submitted: 0, onTime: 0 };
  const perRegime: Kpi[] = [];
  for (const regime of await selectRegimes(ctx.db, { status: "active" })) {
    const from = regime.effective_from > yearStart ? regime.effective_from : yearStart;
    const due = (await regimePeriodsEndingBetween(ctx.db, regime, from, today)).filter(
      (p) => p.deadline < today,
    );
    if (due.length === 0) continue;
    const units = await reportingOrganizations(ctx.db, regime.reporting_rule);
    const asked = new Map(
      due.map((p) => [p.id, new Set(units.filter((u) => asks(p, u.id)).map((u) => u.id))]),
    );
    const reports = (
      await selectReportsOf(
        ctx.db,
        regime.id,
        due.map((p) => p.id),
      )
    ).filter(
      (r) =>
        asked.get(r.period_id)?.has(r.organization_id) &&
        (r.status === "submitted" || r.status === "accepted"),
    );
    const counts: Counts = {
      expected: [...asked.values()].reduce((n, unitIds) => n + unitIds.size, 0),
      submitted: reports.length,
      onTime: reports.filter((r) => r.late === false).length,
    };
    total.expected += counts.expected;
    total.submitted += counts.submitted;
    total.onTime += counts.onTime;
    perRegime.push({
      key: `reports.submitted_share.${regime.code}`,
      label: {
        vi: `Tỷ lệ báo cáo nộp trực tuyến — ${regime.name}`,
        en: `Share of reports submitted online — ${regime.code}`,
      },
      value: share(counts.submitted, counts.expected),
      unit: "%",
      at,
    });
    perRegime.push({
      key: `reports.on_time_share.${regime.code}`,
      label: {
        vi: `Tỷ lệ báo cáo nộp đúng hạn — ${regime.name}`,
        en: `Share of reports submitted on time — ${regime.code}`,
      },
      value: share(counts.onTime, counts.expected),
      unit: "%",
      at,
    });
  }
  return [
    {
      key: "reports.expected_ytd",
      label: {
        vi: "Báo cáo phải nộp từ đầu năm (đã đến hạn)",
        en: "Reports due this year so far",
      },
      value: total.expected,
      at,
    },
    {
      key: "reports.submitted_share",
      label: {
        vi: "Tỷ lệ báo cáo nộp trực tuyến",
        en: "Share of due reports submitted online",
      },
      value: share(total.submitted, total.expected),
      unit: "%",
      at,
    },
    {
      key: "reports.on_time_share",
      label: { vi: "Tỷ lệ báo cáo nộp đúng hạn", en: "Share of due reports submitted on time" },
      value: share(total.onTime, total.expected),
      unit: "%",
      at,
    },
    ...perRegime,
  ];
}

/** A percentage with one decimal; 100 when nothing was due (nothing is missing). */
function share(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}
