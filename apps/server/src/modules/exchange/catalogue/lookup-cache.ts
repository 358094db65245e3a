import type { Db } from "../../../core/db/index.ts";

/**
 * How long the gateway's lookups may answer from memory. Changes made in this process clear the
 * cache at once; changes made by another server process are seen after at most this long.
 */
export const LOOKUP_TTL_MS = 3_000;
/** A bound on remembered keys, so that a flood of made-up gateway paths cannot grow the heap. */
const MAX_ENTRIES = 20_000;

type Entry<T> = { value: Promise<T>; generation: number; expires: number };

let generation = 0;

/** Forgets every cached lookup in this process; called after every catalogue change commits. */
export function invalidateLookups(): void {
  generation += 1;
}

/**
 * A small read-through cache per database: a hit costs a map lookup and no SQL; concurrent misses
 * of one key share one load; a load that fails is not remembered; a load that started before an
 * invalidation is not trusted after it.
 */
export class LookupCache<T> {
  readonly #byDb = new WeakMap<Db, Map<string, Entry<T>>>();

  get(db: Db, key: string, load: () => Promise<T>): Promise<T> {
    let entries = this.#byDb.get(db);
    if (!entries) {
      entries = new Map();
      this.#byDb.set(db, entries);
    }
    const now = Date.now();
    const cached = entries.get(key);
    if (cached && cached.generation === generation && cached.expires > now) return cached.value;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    const value = load();
    const entry: Entry<T> = { value, generation, expires: now + LOOKUP_TTL_MS };
    entries.set(key, entry);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return value;
  }
}
