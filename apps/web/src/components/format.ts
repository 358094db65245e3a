import type { Language } from "../i18n/index.tsx";

/** Deadlines and records are read in Vietnam's time, wherever the browser is. */
const TIME_ZONE = "Asia/Ho_Chi_Minh";

const locales: Record<Language, string> = { vi: "vi-VN", en: "en-GB" };

/** Today in Vietnam (YYYY-MM-DD), wherever the browser is. */
export function vietnamToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(new Date());
}

/**
 * The reporting periods a page lists: those ending from January of `yearsBack` years ago to the
 * end of this year (in Vietnam), and those of next year that have already begun — a period cut
 * off on 14 June of next year begins on 15 December.
 */
export function listedPeriods(yearsBack: number) {
  const today = vietnamToday();
  const year = Number(today.slice(0, 4));
  return {
    today,
    from: `${year - yearsBack}-01-01`,
    to: `${year + 1}-12-31`,
    listed: (period: { start: string; end: string }) =>
      period.end <= `${year}-12-31` || period.start <= today,
  };
}

/** A file's size for people: bytes, KB or MB with the reader's decimal mark. */
export function formatSize(bytes: number, language: Language): string {
  const number = (value: number, digits: number) =>
    value.toLocaleString(locales[language], { maximumFractionDigits: digits });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} KB`;
  return `${number(bytes / 1024 / 1024, 1)} MB`;
}

export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locales[language], {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, language: Language): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locales[language], {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(iso));
}

/** A day with its weekday ("Thứ Hai, 05/01/2099"), where the weekday explains a date. */
export function formatDateWithWeekday(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], {
    timeZone: TIME_ZONE,
    weekday: "long",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(new Date(iso));
}
