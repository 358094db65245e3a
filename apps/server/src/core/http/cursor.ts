import { AppError } from "../errors.ts";
import { isUuid } from "../ids.ts";

/**
 * Keyset cursors are opaque to clients: the sort key of the last row, as base64url JSON. A cursor
 * that does not decode is the client's mistake (400), never a server error.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T>(cursor: string, isKey: (key: unknown) => key is T): T {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (isKey(key)) return key;
  throw new AppError("validation_failed", {
    errors: [{ path: "querystring.cursor", message: "invalid cursor" }],
    detail: { vi: "Con trỏ phân trang không hợp lệ.", en: "The pagination cursor is not valid." },
  });
}

/** Splits one extra fetched row off a page: its presence means there is a next page. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => readonly (string | number)[],
) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** The usual keyset key: a sort text (name) then a UUID that breaks ties. */
export function isTextIdKey(key: unknown): key is [string, string] {
  return (
    Array.isArray(key) &&
    key.length === 2 &&
    typeof key[0] === "string" &&
    typeof key[1] === "string" &&
    isUuid(key[1])
  );
}
