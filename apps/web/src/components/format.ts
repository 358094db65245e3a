import type { Language } from "../i18n/index.tsx";

/** Deadlines and records are read in Vietnam's time, wherever the browser is. */
const TIME_ZONE = "Asia/Ho_Chi_Minh";

const locales: Record<Language, string> = { vi: "vi-VN", en: "en-GB" };

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
