/**
 * Dates and timestamps as edXML writes them. Vietnam has kept UTC+7 without daylight saving since
 * 1975, so a fixed offset is exact for every date a package can carry.
 */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** `yyyy-MM-dd` (the model's form) to `yyyy/MM/dd` (the wire's). */
export function formatEdxmlDate(isoDate: string): string {
  return isoDate.replaceAll("-", "/");
}

/**
 * Reads `yyyy/MM/dd` (most samples) or `dd/MM/yyyy` (some systems), also with `-`, into
 * `yyyy-MM-dd`; undefined when it is neither or not a calendar day.
 */
export function parseEdxmlDate(text: string): string | undefined {
  const value = text.trim();
  const ymd = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
  const dmy = ymd ? undefined : /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(value);
  const parts = ymd ? [ymd[1], ymd[2], ymd[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : undefined;
  if (!parts) return undefined;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (!isCalendarDay(year, month, day)) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** An instant as `yyyy/MM/dd HH:mm:ss` in Vietnam time. */
export function formatEdxmlTimestamp(instant: Date): string {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return (
    `${pad(local.getUTCFullYear(), 4)}/${pad(local.getUTCMonth() + 1)}/${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
  );
}

/** Reads a timestamp in Vietnam time, with either date form; seconds may be absent. */
export function parseEdxmlTimestamp(text: string): Date | undefined {
  const match = /^(\S+)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const day = parseEdxmlDate(match[1]!);
  const [hours, minutes, seconds] = [match[2], match[3], match[4] ?? "0"].map(Number) as [
    number,
    number,
    number,
  ];
  if (!day || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, date);
  utc.setUTCHours(hours, minutes, seconds, 0);
  return new Date(utc.getTime() - VIETNAM_OFFSET_MS);
}
