import { vietnamToday } from "@lienthong/calendar";
import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { periodContaining } from "./periods.ts";
import { asks, byRequest, regimePeriodsEndingBetween, type DuePeriod } from "./regime-periods.ts";
import { reportingOrganizations } from "./regimes.ts";
import { selectRegime, type RegimeRow } from "./repo.ts";
import { selectReportsOf } from "./reports-repo.ts";
import type { ExpectedReport } from "./schema.ts";

/** The most periods one schedule lists (two years of months). */
const MAX_PERIODS = 60;
const MAX_ROWS = 50_000;

/**
 * The reports a regime expects: for each period whose window ends between `from` and `to`
 * (default: from the regime's start, or a year back, to the current period) and each reporting
 * organization (for a request naming some units, those), the window, the deadline (working days and holidays counted) and where it stands
 * today in Vietnam: `upcoming` (the window has not ended), `open` (cut off, deadline not passed),
 * `late` (deadline passed) — or, once the unit submitted, its report's status (`submitted`,
 * `returned`, `accepted`) with the submission time and whether it came late.
 */
export async function expectedReports(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
  from?: string | undefined;
  to?: string | undefined;
  organizationId?: string | undefined;
  today?: string;
}): Promise<ExpectedReport[]> {
  requireActor(options.actor);
  const regime = await selectRegime(options.db, options.regimeId);
  if (!regime) throw new AppError("not_found");
  const today = options.today ?? vietnamToday();
  const periods = await schedulePeriods(options.db, regime, today, options.from, options.to);
  let organizations = await reportingOrganizations(options.db, regime.reporting_rule);
  if (options.organizationId)
    organizations = organizations.filter((o) => o.id === options.organizationId);
  if (periods.length * organizations.length > MAX_ROWS)
    throw new AppError("validation_failed", {
      detail: {
        vi: "Khoảng thời gian quá dài cho số đơn vị báo cáo; hãy thu hẹp khoảng hoặc chọn một đơn vị.",
        en: "The range is too long for this many reporting units; narrow it or pick one unit.",
      },
    });
  const reports = new Map(
    (
      await selectReportsOf(
        options.db,
        regime.id,
        periods.map((p) => p.id),
      )
    ).map((r) => [`${r.period_id}\n${r.organization_id}`, r]),
  );
  const rows: ExpectedReport[] = [];
  for (const p of periods) {
    const due = p.deadline;
    const standing = p.end >= today ? "upcoming" : today <= due ? "open" : "late";
    for (const organization of organizations) {
      if (!asks(p, organization.id)) continue;
      const report = reports.get(`${p.id}\n${organization.id}`);
      // A draft still owes its submission: it shows as where the period stands, unless that is
      // "upcoming" and the unit has started (then "draft").
      const status =
        !report || (report.status === "draft" && standing !== "upcoming")
          ? standing
          : report.status;
      rows.push({
        periodId: p.id,
        start: p.start,
        end: p.end,
        deadline: due,
        organization,
        status,
        reportId: report?.id ?? null,
        submittedAt: report?.submitted_at?.toISOString() ?? null,
        submittedLate: report?.late ?? null,
      });
    }
  }
  return rows;
}

/**
 * The periods a schedule covers, bounded by the regime's validity and `MAX_PERIODS`: by default
 * from a year back to the current period — for a thematic or ad-hoc regime, to its last request.
 */
async function schedulePeriods(
  db: Db,
  regime: RegimeRow,
  today: string,
  from: string | undefined,
  to: string | undefined,
): Promise<DuePeriod[]> {
  const yearBack = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  let start = from ?? (regime.effective_from > yearBack ? regime.effective_from : yearBack);
  if (start < regime.effective_from) start = regime.effective_from;
  let end =
    to ??
    (byRequest(regime)
      ? LAST_DAY
      : periodContaining(regime.frequency, regime.window_rule, today).end);
  if (regime.effective_to && end > regime.effective_to) end = regime.effective_to;
  if (end < start) return [];
  const periods = await regimePeriodsEndingBetween(db, regime, start, end);
  if (periods.length > MAX_PERIODS)
    throw new AppError("validation_failed", {
      detail: {
        vi: `Khoảng thời gian có quá ${MAX_PERIODS} kỳ báo cáo.`,
        en: `The range covers more than ${MAX_PERIODS} reporting periods.`,
      },
    });
  return periods;
}

const LAST_DAY = "9999-12-31";
