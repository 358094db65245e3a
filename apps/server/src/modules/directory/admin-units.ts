import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { searchTerms } from "../../core/text.ts";
import { searchAdminUnits, selectAdminUnit, selectAdminUnits } from "./admin-units-repo.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import { vietnamToday } from "./dates.ts";
import type { AdminUnit } from "./schema.ts";

export type ListAdminUnitsOptions = {
  db: Db;
  level?: "province" | "commune" | undefined;
  provinceCode?: string | undefined;
  q?: string | undefined;
  /** Units in force on this date (YYYY-MM-DD); today in Vietnam by default. */
  at?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

function isCodeKey(key: unknown): key is [string] {
  return Array.isArray(key) && key.length === 1 && typeof key[0] === "string";
}

/** Administrative units in force on a date, filtered and searched accent-insensitively. */
export async function listAdminUnits(options: ListAdminUnitsOptions) {
  const { db, level, provinceCode, q, at, cursor, limit } = options;
  const afterCode = cursor ? decodeCursor(cursor, isCodeKey)[0] : undefined;
  const rows = await searchAdminUnits(db, {
    at: at ?? vietnamToday(),
    level,
    provinceCode,
    terms: q ? searchTerms(q) : [],
    afterCode,
    limit: limit + 1,
  });
  return toPage(rows, limit, (unit) => [unit.code]);
}

export type GetAdminUnitOptions = { db: Db; code: string; at?: string | undefined };

export async function getAdminUnit({ db, code, at }: GetAdminUnitOptions): Promise<AdminUnit> {
  const unit = await selectAdminUnit(db, code, at ?? vietnamToday());
  if (!unit) throw new AppError("not_found");
  return unit;
}

/** Administrative units by code, as in force on `at` (today in Vietnam by default); unknown codes are left out. */
export async function adminUnitsByCode(options: {
  db: Db;
  codes: readonly string[];
  at?: string | undefined;
}): Promise<Map<string, AdminUnit>> {
  const units = await selectAdminUnits(options.db, options.codes, options.at ?? vietnamToday());
  return new Map(units.map((u) => [u.code, u]));
}
