import { AppError } from "../../core/errors.ts";
import type { Db } from "../../core/db/index.ts";
import { deadline, parsePeriodId, period, periodsEndingBetween } from "./periods.ts";
import type { RegimeRow } from "./repo.ts";
import { selectRequest, selectRequests, type RequestRow } from "./requests-repo.ts";
import { workCalendar } from "./shared.ts";

/**
 * A period a regime expects reports for, with its data window and deadline. A periodic regime's
 * periods follow its frequency (`2026Q3`: window by its window rule, deadline by its deadline
 * rule); a thematic or ad-hoc regime's periods are its requests (yêu cầu báo cáo), each with its
 * own code, window, deadline and, possibly, only some of the regime's units.
 */
export type DuePeriod = {
  id: string;
  start: string;
  end: string;
  deadline: string;
  /** The request behind the period of a thematic or ad-hoc regime. */
  request?: { title: string; organizationIds: string[] | null };
};

/** Whether a regime's periods are requests (thematic and ad-hoc) rather than its frequency's. */
export const byRequest = (regime: RegimeRow) => regime.kind !== "periodic";

export function requestPeriod(row: RequestRow): DuePeriod {
  return {
    id: row.code,
    start: row.period_start,
    end: row.period_end,
    deadline: row.deadline,
    request: { title: row.title, organizationIds: row.organization_ids },
  };
}

/** The regime's period with this id, or undefined when it has none such. */
export async function findRegimePeriod(
  db: Db,
  regime: RegimeRow,
  id: string,
): Promise<DuePeriod | undefined> {
  if (byRequest(regime)) {
    const row = await selectRequest(db, regime.id, id);
    return row && requestPeriod(row);
  }
  const parsed = parsePeriodId(id);
  if (!parsed || parsed.frequency !== regime.frequency) return undefined;
  const window = period(id, regime.window_rule);
  return { ...window, deadline: deadline(window, regime.deadline_rule, workCalendar()) };
}

/** The regime's periods whose windows end on or after `from` and on or before `to`. */
export async function regimePeriodsEndingBetween(
  db: Db,
  regime: RegimeRow,
  from: string,
  to: string,
): Promise<DuePeriod[]> {
  if (byRequest(regime))
    return (await selectRequests(db, regime.id, { from, to })).map(requestPeriod);
  const calendar = workCalendar();
  return periodsEndingBetween(regime.frequency, regime.window_rule, from, to).map((p) => ({
    ...p,
    deadline: deadline(p, regime.deadline_rule, calendar),
  }));
}

/** Whether the period asks this unit (every reporting unit, unless a request names some). */
export const asks = (p: Pick<DuePeriod, "request">, organizationId: string) =>
  !p.request?.organizationIds || p.request.organizationIds.includes(organizationId);

/**
 * The period `id` of the regime for a report to be opened, refused when it is not one of its
 * periods, lies outside the regime's validity, or has not begun.
 */
export async function regimePeriod(
  db: Db,
  regime: RegimeRow,
  id: string,
  today: string,
): Promise<DuePeriod> {
  const refuse = (vi: string, en: string) =>
    new AppError("unprocessable", { detail: { vi, en }, extra: { periodId: id } });
  const found = await findRegimePeriod(db, regime, id);
  if (!found)
    throw byRequest(regime)
      ? refuse(
          `Chế độ báo cáo này không có yêu cầu báo cáo mã ${id}.`,
          `This regime has no report request ${id}.`,
        )
      : refuse(
          `Kỳ ${id} không phải kỳ báo cáo của chế độ này.`,
          `${id} is not a reporting period of this regime.`,
        );
  if (
    found.end < regime.effective_from ||
    (regime.effective_to && found.start > regime.effective_to)
  )
    throw refuse(
      `Kỳ ${id} nằm ngoài thời gian hiệu lực của chế độ báo cáo.`,
      `${id} is outside the regime's validity.`,
    );
  if (found.start > today)
    throw refuse(`Kỳ ${id} chưa bắt đầu.`, `The period ${id} has not begun.`);
  return found;
}
