// The reporting periods the end-to-end tests work in, taken from the clock the way the platform
// takes them: windows and deadlines by the server's own arithmetic (modules/reports/periods.ts),
// counted in the same working-day calendar, so the tests hold on any day, not only in 2026.
import { createWorkCalendar, vietnamToday } from "@lienthong/calendar";
import {
  deadline,
  period,
  periodsEndingBetween,
  type DeadlineRule,
  type Frequency,
  type WindowRule,
} from "../../apps/server/src/modules/reports/periods.ts";

/** What the period arithmetic needs of a regime, as the API describes one. */
export type RegimeRules = {
  frequency: Frequency;
  windowRule: WindowRule;
  deadlineRule: DeadlineRule;
};

/**
 * Where a period stands for a unit that has not submitted, as the schedule says it
 * (modules/reports/schedule.ts): `upcoming` until its window ends, `open` until its deadline,
 * `late` after it. A report submitted on a `late` day is recorded late.
 */
export type Standing = "upcoming" | "open" | "late";

export type ReportingPeriod = {
  id: string;
  start: string;
  end: string;
  deadline: string;
  standing: Standing;
};

/** The calendar the server counts deadlines in (modules/reports/shared.ts: no extra holidays). */
const calendar = createWorkCalendar();

/** The regime's period `id`, with its deadline and where it stands on `today` in Vietnam. */
export function reportingPeriod(
  rules: RegimeRules,
  id: string,
  today: string = vietnamToday(),
): ReportingPeriod {
  const window = period(id, rules.windowRule);
  const due = deadline(window, rules.deadlineRule, calendar);
  const standing = window.end >= today ? "upcoming" : today <= due ? "open" : "late";
  return { id, start: window.start, end: window.end, deadline: due, standing };
}

/**
 * The period a unit works on at `now` in the web app: the latest that has begun of those ending
 * in the browser's calendar year, the ones "Báo cáo của tôi" and "Tổng hợp & tỷ lệ nộp" list.
 * Mostly the period whose window contains today, neither cut off nor late. Late in December a
 * Decree 09 window ending next year has begun (a second half ends on 14 December), and the pages
 * do not list it yet: then it is the period just cut off, `open` until its deadline and `late`
 * after — expectations follow `standing`.
 */
export function periodWorkedOn(rules: RegimeRules, now: Date = new Date()): ReportingPeriod {
  const today = vietnamToday(now);
  const year = now.getFullYear();
  const listed = periodsEndingBetween(
    rules.frequency,
    rules.windowRule,
    `${year}-01-01`,
    `${year}-12-31`,
  ).filter((p) => p.start <= today);
  const latest = listed.at(-1);
  if (!latest) throw new Error(`No ${rules.frequency} period ending in ${year} has begun`);
  return reportingPeriod(rules, latest.id, today);
}
