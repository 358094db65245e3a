import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Administrative units keep one row per period of validity: when a resolution merges or renames a
 * unit, the old row gets `valid_to` and a new row starts, so documents dated before the change still
 * resolve to the unit as it then was.
 */
export const createAdminUnits: Migration = {
  name: "20261127-1910-create-admin-units",
  async up(db) {
    await sql`create table dir_admin_units (
      code text not null,
      valid_from date not null,
      valid_to date,
      name text not null,
      full_name text not null,
      name_en text not null,
      level text not null check (level in ('province', 'commune')),
      unit_type text not null,
      province_code text,
      search_text text not null,
      primary key (code, valid_from),
      check (valid_to is null or valid_to > valid_from),
      check ((level = 'province') = (province_code is null))
    )`.execute(db);
    await sql`create index dir_admin_units_province on dir_admin_units (province_code, code)`.execute(
      db,
    );
    await sql`create index dir_admin_units_level on dir_admin_units (level, code)`.execute(db);
  },
};
