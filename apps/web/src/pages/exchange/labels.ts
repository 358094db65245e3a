import type { MessageKey } from "../../i18n/index.tsx";

/** Colours of the exchange module's states, shared by its tables. */
export const serviceStatusColors = { active: "green", deprecated: "orange", retired: "default" };
export const requestStatusColors = {
  pending: "blue",
  approved: "green",
  refused: "red",
  withdrawn: "default",
};
export const rightStateColors = { active: "green", expired: "default", revoked: "red" };
export const outcomeColors = {
  completed: "green",
  refused: "orange",
  upstream_error: "red",
  timeout: "red",
  circuit_open: "volcano",
};

/** `lgspRight.active` etc.: typed keys from an enum value. */
export const key = (prefix: string, value: string) => `${prefix}.${value}` as MessageKey;

/** The end of a chosen day (Vietnam time) as an ISO instant, for expiry dates. */
export function endOfDay(date: string | undefined): string | undefined {
  if (!date) return undefined;
  return new Date(`${date}T23:59:59+07:00`).toISOString();
}

/** Whole number from a form field, or nothing when empty. */
export function optionalInt(value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}
