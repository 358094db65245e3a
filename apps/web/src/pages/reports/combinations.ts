import type { Category, Indicator } from "../../api/reports.ts";

/** One cell of an indicator: its combination key (option codes joined by ".") and its label. */
export type Combination = { key: string; label: string };

/**
 * The cells of an indicator, in the server's order: every combination of its categories' options,
 * the first category varying slowest; one cell with key "" when it has none.
 */
export function combinationsOf(indicator: Indicator, categories: Category[]): Combination[] {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  let cells: { codes: string[]; names: string[] }[] = [{ codes: [], names: [] }];
  for (const code of indicator.categories ?? []) {
    const options = byCode.get(code)?.options ?? [];
    cells = cells.flatMap((cell) =>
      options.map((o) => ({ codes: [...cell.codes, o.code], names: [...cell.names, o.name] })),
    );
  }
  return cells.map((cell) => ({ key: cell.codes.join("."), label: cell.names.join(", ") }));
}

/** The key of one cell in maps of drafts and errors. */
export const cellKey = (indicator: string, combination: string) => `${indicator}|${combination}`;

const NUMERIC = new Set(["integer", "number", "percent"]);

export const isNumeric = (indicator: Indicator) => NUMERIC.has(indicator.type);

/** The decimal mark people type: Vietnamese "1.234,5", English "1,234.5". */
export type DecimalMark = "," | ".";

export const decimalMarkOf = (language: string): DecimalMark => (language === "en" ? "." : ",");

const escape = (mark: string) => `\\${mark}`;

/**
 * A typed number in the reader's convention, or undefined when it is not one. The decimal mark is
 * "," in Vietnamese and "." in English, the other mark groups thousands (only in groups of three:
 * "1.234.567,5"), and spaces are ignored. The other mark followed by anything but groups of three
 * is taken as a decimal mark too ("1.5" in Vietnamese), since it cannot be grouping.
 */
export function parseTypedNumber(text: string, mark: DecimalMark): number | undefined {
  const t = text.replace(/[\s\u00a0\u202f]/g, "");
  const d = escape(mark);
  const g = escape(mark === "," ? "." : ",");
  let plain: string | undefined;
  if (new RegExp(`^[-+]?\\d{1,3}(${g}\\d{3})+(${d}\\d+)?$`).test(t))
    plain = t.replace(new RegExp(g, "g"), "").replace(mark, ".");
  else if (new RegExp(`^[-+]?(\\d+(${d}\\d*)?|${d}\\d+)$`).test(t)) plain = t.replace(mark, ".");
  else if (new RegExp(`^[-+]?\\d*${g}\\d+$`).test(t))
    plain = t.replace(mark === "," ? "." : ",", ".");
  if (plain === undefined) return undefined;
  const number = Number(plain);
  return Number.isFinite(number) ? number : undefined;
}

/** A stored number as the reader types it: "1234,5" in Vietnamese (no grouping). */
export const numberShown = (value: number, mark: DecimalMark) =>
  mark === "," ? String(value).replace(".", ",") : String(value);

/**
 * What to send for a typed cell: nothing typed clears it; a number (in the reader's convention)
 * goes as a number; anything else goes as typed, so the server names what is wrong with it.
 */
export function valueToSend(
  indicator: Indicator,
  text: string,
  mark: DecimalMark = ",",
): string | number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!isNumeric(indicator)) return trimmed;
  return parseTypedNumber(trimmed, mark) ?? trimmed;
}

/** Why a typed value will be refused, found while typing (the server checks again on save). */
export type TypedProblem = {
  key: "notNumber" | "notInteger" | "belowMin" | "aboveMax";
  value: string;
  limit?: number;
};

/** The server's checks of type and range on a typed cell, so the officer sees them at once. */
export function typedProblem(
  indicator: Indicator,
  text: string,
  mark: DecimalMark = ",",
): TypedProblem | undefined {
  const sent = valueToSend(indicator, text, mark);
  if (sent === null || !isNumeric(indicator)) return undefined;
  if (typeof sent === "string") return { key: "notNumber", value: sent };
  const value = numberShown(sent, mark);
  if (indicator.type === "integer" && !Number.isInteger(sent)) return { key: "notInteger", value };
  if (indicator.min !== undefined && sent < indicator.min)
    return { key: "belowMin", value, limit: indicator.min };
  if (indicator.max !== undefined && sent > indicator.max)
    return { key: "aboveMax", value, limit: indicator.max };
  return undefined;
}
