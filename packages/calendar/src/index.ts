export { FIRST_YEAR, LAST_YEAR, dayOfWeek, vietnamToday } from "./iso-date.ts";
export { leapMonthOf, lunarToSolar, solarToLunar, type LunarDate } from "./lunar.ts";
export {
  DEFAULT_WEEKEND,
  FIRST_HOLIDAY_YEAR,
  publicHolidays,
  type Holiday,
  type HolidayName,
  type HolidayOptions,
} from "./holidays.ts";
export {
  createWorkCalendar,
  type WorkCalendar,
  type WorkCalendarOptions,
} from "./work-calendar.ts";
