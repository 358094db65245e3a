import { createWorkCalendar, type WorkCalendar } from "@lienthong/calendar";

export { inTransaction, isUniqueViolation } from "../../core/db/transaction.ts";

let calendar: WorkCalendar | undefined;

/**
 * The working-day calendar deadlines are counted in: weekends and Vietnamese public holidays
 * (Labour Code 2019 art. 112, lunar Tết and the Hùng Kings' day included) are not working days.
 */
export function workCalendar(): WorkCalendar {
  calendar ??= createWorkCalendar();
  return calendar;
}
