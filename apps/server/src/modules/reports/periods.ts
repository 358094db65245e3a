/**
 * Reporting periods, data cut-off windows and deadlines (Decree 09/2019/NĐ-CP art. 8 and 12).
 *
 * Period ids follow DHIS2 where it has one, so `dataValueSets` imports speak the same ids:
 * monthly `202611`, quarterly `2026Q4`, six-monthly `2026S1` / `2026S2`, nine-monthly `2026N`
 * (no DHIS2 equivalent), annual `2026`.
 *
 * A regime counts its windows one of two ways:
 * - `decree09`: the cut-off windows of art. 12 — a month runs from the 15th of the previous month
 *   to the 14th; a quarter from the 15th of the month before it to the 14th of its last month; the
 *   first half from 15 December of the previous year to 14 June; nine months to 14 September; the
 *   year to 14 December. (The decree names the first half only; the second half, 15 June →
 *   14 December, follows the same rule.)
 * - `calendar`: calendar periods (1st → last day), which many sector regimes still use.
 *
 * All dates are calendar days in Vietnam, `YYYY-MM-DD`.
 */

export type Frequency = "monthly" | "quarterly" | "six_monthly" | "nine_monthly" | "annual";
export type WindowRule = "decree09" | "calendar";

/**
 * When a period's report is due: a day of a month counted from the month the window ends in
 * (`monthsAfterEnd` 0 = that month, e.g. the 20th of a quarter's last month for reports to the
 * Government), or a number of working days after the cut-off (some provinces: two).
 */
export type DeadlineRule =
  | { kind: "day_of_month"; day: number; monthsAfterEnd: number }
  | { kind: "working_days_after_end"; days: number };

/** What the period arithmetic needs of the working-day calendar (`@lienthong/calendar`). */
export type WorkingDays = {
  isWorkingDay(date: string): boolean;
  /** The `n`-th working day after `date` (`n` ≥ 1). */
  addWorkingDays(date: string, n: number): string;
};

export type Period = {
  id: string;
  frequency: Frequency;
  year: number;
  /** Month (1–12), quarter (1–4), half (1–2); 1 for nine months and the year. */
  index: number;
  /** First and last day of the data window, inclusive. */
  start: string;
  end: string;
};

const PERIOD_ID = /^(\d{4})(?:(0[1-9]|1[0-2])|Q([1-4])|S([12])|(N))?$/;

/** Parses a period id (of any frequency); undefined when it is not one. */
export function parsePeriodId(
  id: string,
): { frequency: Frequency; year: number; index: number } | undefined {
  const match = PERIOD_ID.exec(id);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 2000 || year > 2199) return undefined;
  if (match[2]) return { frequency: "monthly", year, index: Number(match[2]) };
  if (match[3]) return { frequency: "quarterly", year, index: Number(match[3]) };
  if (match[4]) return { frequency: "six_monthly", year, index: Number(match[4]) };
  if (match[5]) return { frequency: "nine_monthly", year, index: 1 };
  return { frequency: "annual", year, index: 1 };
}

export function periodId(frequency: Frequency, year: number, index: number): string {
  switch (frequency) {
    case "monthly":
      return `${year}${String(index).padStart(2, "0")}`;
    case "quarterly":
      return `${year}Q${index}`;
    case "six_monthly":
      return `${year}S${index}`;
    case "nine_monthly":
      return `${year}N`;
    case "annual":
      return String(year);
  }
}

/** Periods per year of each frequency. */
const PER_YEAR: Record<Frequency, number> = {
  monthly: 12,
  quarterly: 4,
  six_monthly: 2,
  nine_monthly: 1,
  annual: 1,
};

/** The last month of period `index` of a year, and how many months it spans. */
function months(frequency: Frequency, index: number): { last: number; span: number } {
  switch (frequency) {
    case "monthly":
      return { last: index, span: 1 };
    case "quarterly":
      return { last: index * 3, span: 3 };
    case "six_monthly":
      return { last: index * 6, span: 6 };
    case "nine_monthly":
      return { last: 9, span: 9 };
    case "annual":
      return { last: 12, span: 12 };
  }
}

/** The period `id` with its window under `rule`; throws `RangeError` for a malformed id. */
export function period(id: string, rule: WindowRule): Period {
  const parsed = parsePeriodId(id);
  if (!parsed) throw new RangeError(`"${id}" không phải là mã kỳ báo cáo`);
  const { frequency, year, index } = parsed;
  const { last, span } = months(frequency, index);
  const firstMonth = last - span + 1;
  if (rule === "calendar")
    return {
      id,
      frequency,
      year,
      index,
      start: isoDate(year, firstMonth, 1),
      end: isoDate(year, last, daysInMonth(year, last)),
    };
  // Decree 09: from the 15th of the month before the first month to the 14th of the last month.
  const [startYear, startMonth] = firstMonth === 1 ? [year - 1, 12] : [year, firstMonth - 1];
  return {
    id,
    frequency,
    year,
    index,
    start: isoDate(startYear, startMonth, 15),
    end: isoDate(year, last, 14),
  };
}

/** The period of `frequency` whose window contains `date`. */
export function periodContaining(frequency: Frequency, rule: WindowRule, date: string): Period {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  // Under Decree 09 the 15th onwards belongs to the next month's window.
  let [y, m] =
    rule === "decree09" && day >= 15
      ? month === 12
        ? [year + 1, 1]
        : [year, month + 1]
      : [year, month];
  if (frequency === "nine_monthly" && m > 9) [y, m] = [y + 1, 1];
  const index =
    frequency === "monthly"
      ? m
      : frequency === "quarterly"
        ? Math.ceil(m / 3)
        : frequency === "six_monthly"
          ? Math.ceil(m / 6)
          : 1;
  return period(periodId(frequency, y, index), rule);
}

/** The period after `p`, of the same frequency and rule. */
export function nextPeriod(p: Period, rule: WindowRule): Period {
  const last = p.index === PER_YEAR[p.frequency];
  return period(periodId(p.frequency, last ? p.year + 1 : p.year, last ? 1 : p.index + 1), rule);
}

/**
 * The deadline of a period: the rule's day, moved to the next working day when it falls on a
 * weekend or public holiday. A `day_of_month` past the month's end is the month's last day.
 */
export function deadline(p: Period, rule: DeadlineRule, calendar: WorkingDays): string {
  if (rule.kind === "working_days_after_end") return calendar.addWorkingDays(p.end, rule.days);
  const [endYear, endMonth] = p.end.split("-").map(Number) as [number, number];
  const total = endYear * 12 + (endMonth - 1) + rule.monthsAfterEnd;
  const [year, month] = [Math.floor(total / 12), (total % 12) + 1];
  const day = isoDate(year, month, Math.min(rule.day, daysInMonth(year, month)));
  return calendar.isWorkingDay(day) ? day : calendar.addWorkingDays(day, 1);
}

/**
 * Why a deadline rule does not fit a window rule, if it does not (art. 8: at least one working
 * day between the cut-off and the deadline), checked on every period of two sample years.
 */
export function deadlineProblem(
  frequency: Frequency,
  window: WindowRule,
  rule: DeadlineRule,
  calendar: WorkingDays,
): string | undefined {
  if (rule.kind === "working_days_after_end")
    return rule.days >= 1 && rule.days <= 60 && Number.isInteger(rule.days)
      ? undefined
      : "Số ngày làm việc sau ngày chốt số liệu phải từ 1 đến 60";
  if (!Number.isInteger(rule.day) || rule.day < 1 || rule.day > 31)
    return "Ngày hạn nộp trong tháng phải từ 1 đến 31";
  if (!Number.isInteger(rule.monthsAfterEnd) || rule.monthsAfterEnd < 0 || rule.monthsAfterEnd > 12)
    return "Số tháng sau kỳ phải từ 0 đến 12";
  let p = period(periodId(frequency, 2026, 1), window);
  for (let i = 0; i < PER_YEAR[frequency] * 2; i += 1, p = nextPeriod(p, window)) {
    const due = deadline(p, rule, calendar);
    if (due < calendar.addWorkingDays(p.end, 1))
      return `Hạn nộp kỳ ${p.id} (${due}) phải sau ngày chốt số liệu ${p.end} ít nhất một ngày làm việc`;
  }
  return undefined;
}

/** The periods of `frequency` whose windows end on or after `from` and on or before `to`. */
export function periodsEndingBetween(
  frequency: Frequency,
  rule: WindowRule,
  from: string,
  to: string,
): Period[] {
  const result: Period[] = [];
  for (let p = periodContaining(frequency, rule, from); p.end <= to; p = nextPeriod(p, rule))
    if (p.end >= from) result.push(p);
  return result;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
