import {
  FIRST_YEAR,
  LAST_YEAR,
  checkYear,
  formatJulianDay,
  julianDay,
  parseIsoDate,
} from "./iso-date.ts";

/**
 * The Vietnamese lunisolar calendar (âm lịch) by Hồ Ngọc Đức's algorithm, the one widely used
 * for it: new moons (Meeus, "Astronomical Algorithms", ch. 49, shortened) and the sun's longitude,
 * both taken as calendar days in UTC+7. The Chinese calendar applies the same
 * rules at UTC+8 and so starts some months a day later, and some years differ entirely: Tết 1985
 * was 21 January in Vietnam and 20 February in China, Tết 2007 17 and 18 February.
 *
 * Rules: a month starts on the day of a new moon; month 11 contains the winter solstice; a year
 * from one month 11 to the next with 13 months repeats (as "leap", nhuận) the first month that
 * contains no major solar term (trung khí, the sun's longitude crossing a multiple of 30°).
 */
export type LunarDate = { year: number; month: number; day: number; leap: boolean };

const TIME_ZONE_HOURS = 7;
const SYNODIC_MONTH = 29.530588853;
const RAD = Math.PI / 180;

/** Julian date (UT) of new moon number `k`, counted from the one of 1900-01-01 13:51 UT. */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const mean =
    2415020.75933 +
    29.53058868 * k +
    0.0001178 * t2 -
    0.000000155 * t3 +
    0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitude + sunAnomaly) -
    0.0004 * Math.sin(2 * latitude - sunAnomaly) -
    0.0006 * Math.sin(2 * latitude + moonAnomaly) +
    0.001 * Math.sin(2 * latitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** The Julian day number, in UTC+7, of new moon `k`. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE_HOURS / 24);
}

/** Which 30° sector (0–11) the sun's longitude is in at 00:00 UTC+7 of Julian day `day`. */
function sunSector(day: number): number {
  const t = (day - 0.5 - TIME_ZONE_HOURS / 24 - 2451545.0) / 36525;
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) +
    0.00029 * Math.sin(3 * anomaly);
  const longitude = (meanLongitude + center) * RAD;
  const normalized = longitude - 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
  return Math.floor((normalized / Math.PI) * 6);
}

/** The new-moon number of the month 11 (containing the winter solstice) of a solar year. */
function month11(year: number): number {
  const k = Math.floor((julianDay(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  // Past 270° at the start of that new moon's day: the solstice fell in the month before.
  return sunSector(newMoonDay(k)) >= 9 ? k - 1 : k;
}

const label = (year: number, month: number, leap: boolean) => `${year}/${month}${leap ? "+" : ""}`;

type LunarMonth = { year: number; month: number; leap: boolean; start: number; length: number };

/**
 * Every lunar month from month 11 of solar year FIRST_YEAR − 2 to month 11 of LAST_YEAR + 1, so
 * that every solar day of the range and every lunar date landing in it has its month here.
 */
let table: { months: LunarMonth[]; byLabel: Map<string, LunarMonth> } | undefined;

function monthTable() {
  if (table) return table;
  const months: LunarMonth[] = [];
  for (let year = FIRST_YEAR - 1; year <= LAST_YEAR + 1; year++) {
    const from = month11(year - 1);
    const count = month11(year) - from;
    const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(from + i));
    // The leap month: the first after month 11 whose start and end lie in the same sector.
    let leapIndex = -1;
    if (count === 13) {
      leapIndex = starts.findIndex(
        (s, i) => i >= 1 && i < 13 && sunSector(s) === sunSector(starts[i + 1]!),
      );
      if (leapIndex < 0) throw new Error(`No leap month found in lunar year ${year}`);
    }
    for (let i = 0; i < count; i++) {
      const ordinal = leapIndex >= 0 && i >= leapIndex ? i - 1 : i;
      const month = ((10 + ordinal) % 12) + 1;
      months.push({
        year: month >= 11 && i < 4 ? year - 1 : year,
        month,
        leap: i === leapIndex,
        start: starts[i]!,
        length: starts[i + 1]! - starts[i]!,
      });
    }
  }
  const byLabel = new Map(months.map((m) => [label(m.year, m.month, m.leap), m]));
  table = { months, byLabel };
  return table;
}

/** The lunar date of a solar day, e.g. `solarToLunar("2026-02-17")` → 1/1 of year 2026 (Bính Ngọ). */
export function solarToLunar(date: string): LunarDate {
  const day = parseIsoDate(date);
  const { months } = monthTable();
  let low = 0;
  let high = months.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (months[mid]!.start <= day) low = mid;
    else high = mid - 1;
  }
  const month = months[low]!;
  return { year: month.year, month: month.month, day: day - month.start + 1, leap: month.leap };
}

/**
 * The solar day of a lunar date. `year` is the lunar year, numbered like the solar year it mostly
 * overlaps (Tết of `year` falls in January or February of `year`). A `leap` month that the year
 * does not have, or day 30 of a 29-day month, is a `RangeError`.
 */
export function lunarToSolar(lunar: {
  year: number;
  month: number;
  day: number;
  leap?: boolean;
}): string {
  if (typeof lunar !== "object" || lunar === null) {
    throw new TypeError("Cần một ngày âm lịch { year, month, day } / expected a lunar date");
  }
  const { year, month, day, leap = false } = lunar;
  if (typeof year !== "number" || !Number.isInteger(year)) {
    throw new TypeError(
      `Năm âm lịch phải là số nguyên / lunar year must be an integer: ${String(year)}`,
    );
  }
  // Months 12 of lunar year FIRST_YEAR − 1 run into January of FIRST_YEAR; the end check decides.
  if (year < FIRST_YEAR - 1 || year > LAST_YEAR) {
    throw new RangeError(
      `Năm âm lịch ngoài phạm vi ${FIRST_YEAR}–${LAST_YEAR} / lunar year outside ${FIRST_YEAR}–${LAST_YEAR}: ${year}`,
    );
  }
  for (const [value, max, what] of [
    [month, 12, "month"],
    [day, 30, "day"],
  ] as const) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
      throw new RangeError(`Ngày âm lịch không hợp lệ / invalid lunar ${what}: ${String(value)}`);
    }
  }
  if (typeof leap !== "boolean") {
    throw new TypeError("leap phải là boolean / leap must be a boolean");
  }
  const found = monthTable().byLabel.get(label(year, month, leap));
  const text = `${day}/${month}${leap ? " nhuận" : ""}/${year}`;
  if (!found) {
    throw new RangeError(
      `Năm âm lịch ${year} không có tháng ${month} nhuận / lunar year ${year} has no leap month ${month}`,
    );
  }
  if (day > found.length) {
    throw new RangeError(
      `Tháng này chỉ có ${found.length} ngày / that month has ${found.length} days: ${text}`,
    );
  }
  const solar = found.start + day - 1;
  if (solar < julianDay(FIRST_YEAR, 1, 1) || solar > julianDay(LAST_YEAR, 12, 31)) {
    throw new RangeError(
      `Ngày âm lịch ngoài phạm vi ${FIRST_YEAR}–${LAST_YEAR} / lunar date outside ${FIRST_YEAR}–${LAST_YEAR}: ${text}`,
    );
  }
  return formatJulianDay(solar);
}

/** The leap month of a lunar year (e.g. 6 for 2025), or undefined when it has none. */
export function leapMonthOf(year: number): number | undefined {
  checkYear(year, "lunar year");
  return monthTable().months.find((m) => m.year === year && m.leap)?.month;
}
