import { decodeCursor, encodeCursor } from "../../../core/http/cursor.ts";
import { isUuid } from "../../../core/ids.ts";

/** Cursors of newest-first lists keyed by UUIDv7 id alone (ids sort by creation time). */
export function decodeIdCursor(cursor: string): string {
  return decodeCursor(
    cursor,
    (key): key is [string] =>
      Array.isArray(key) && key.length === 1 && typeof key[0] === "string" && isUuid(key[0]),
  )[0];
}

export function idPage<T extends { id: string }>(items: T[], limit: number) {
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor: items.length > limit && last ? encodeCursor([last.id]) : null,
  };
}
