import type { Db } from "../../core/db/index.ts";
import type { AdminUnit } from "./schema.ts";
import { directoryDb, wordPrefixConditions, type AdminUnitTable } from "./tables.ts";

function toAdminUnit(row: AdminUnitTable): AdminUnit {
  return {
    code: row.code,
    name: row.name,
    fullName: row.full_name,
    nameEn: row.name_en,
    level: row.level,
    unitType: row.unit_type,
    provinceCode: row.province_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

/** Inserts or refreshes units keyed by (code, valid_from), in batches small enough for one statement. */
export async function upsertAdminUnits(db: Db, rows: AdminUnitTable[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await directoryDb(db)
      .insertInto("dir_admin_units")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(["code", "valid_from"]).doUpdateSet((eb) => ({
          valid_to: eb.ref("excluded.valid_to"),
          name: eb.ref("excluded.name"),
          full_name: eb.ref("excluded.full_name"),
          name_en: eb.ref("excluded.name_en"),
          level: eb.ref("excluded.level"),
          unit_type: eb.ref("excluded.unit_type"),
          province_code: eb.ref("excluded.province_code"),
          search_text: eb.ref("excluded.search_text"),
        })),
      )
      .execute();
  }
}

export type AdminUnitSearch = {
  /** Validity date, YYYY-MM-DD. */
  at: string;
  level?: "province" | "commune";
  provinceCode?: string;
  terms: string[];
  afterCode?: string;
  limit: number;
};

/** Units valid on `at`, in GSO code order (which follows geography, north to south). */
export async function searchAdminUnits(db: Db, search: AdminUnitSearch): Promise<AdminUnit[]> {
  let query = directoryDb(db)
    .selectFrom("dir_admin_units")
    .selectAll()
    .where("valid_from", "<=", search.at)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", search.at)]))
    .orderBy("code")
    .limit(search.limit);
  if (search.level) query = query.where("level", "=", search.level);
  if (search.provinceCode) query = query.where("province_code", "=", search.provinceCode);
  for (const condition of wordPrefixConditions("search_text", search.terms))
    query = query.where(condition);
  if (search.afterCode) query = query.where("code", ">", search.afterCode);
  return (await query.execute()).map(toAdminUnit);
}

export async function selectAdminUnit(
  db: Db,
  code: string,
  at: string,
): Promise<AdminUnit | undefined> {
  const row = await directoryDb(db)
    .selectFrom("dir_admin_units")
    .selectAll()
    .where("code", "=", code)
    .where("valid_from", "<=", at)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", at)]))
    .executeTakeFirst();
  return row && toAdminUnit(row);
}

/** The units with these codes valid on `at` (codes no unit has are left out). */
export async function selectAdminUnits(
  db: Db,
  codes: readonly string[],
  at: string,
): Promise<AdminUnit[]> {
  if (codes.length === 0) return [];
  const rows = await directoryDb(db)
    .selectFrom("dir_admin_units")
    .selectAll()
    .where("code", "in", [...new Set(codes)])
    .where("valid_from", "<=", at)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", at)]))
    .execute();
  return rows.map(toAdminUnit);
}
