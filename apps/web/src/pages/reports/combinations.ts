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

/**
 * What to send for a typed cell: nothing typed clears it; a number goes as a number; anything else
 * goes as typed, so the server names what is wrong with it.
 */
export function valueToSend(indicator: Indicator, text: string): string | number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!isNumeric(indicator)) return trimmed;
  const number = Number(trimmed.replace(",", "."));
  return Number.isFinite(number) ? number : trimmed;
}

/** Why a typed value will be refused, found while typing (the server checks again on save). */
export type TypedProblem = {
  key: "notNumber" | "notInteger" | "belowMin" | "aboveMax";
  value: string;
  limit?: number;
};

/** The server's checks of type and range on a typed cell, so the officer sees them at once. */
export function typedProblem(indicator: Indicator, text: string): TypedProblem | undefined {
  const sent = valueToSend(indicator, text);
  if (sent === null || !isNumeric(indicator)) return undefined;
  if (typeof sent === "string") return { key: "notNumber", value: sent };
  const value = String(sent);
  if (indicator.type === "integer" && !Number.isInteger(sent)) return { key: "notInteger", value };
  if (indicator.min !== undefined && sent < indicator.min)
    return { key: "belowMin", value, limit: indicator.min };
  if (indicator.max !== undefined && sent > indicator.max)
    return { key: "aboveMax", value, limit: indicator.max };
  return undefined;
}
