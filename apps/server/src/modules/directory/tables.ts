import { sql, type Kysely } from "kysely";
import type { Db } from "../../core/db/index.ts";
import { escapeLike } from "../../core/text.ts";

/** The directory's tables as Kysely sees them; only the `*-repo.ts` files use these. */
export type AdminUnitTable = {
  code: string;
  valid_from: string;
  valid_to: string | null;
  name: string;
  full_name: string;
  name_en: string;
  level: "province" | "commune";
  unit_type: string;
  province_code: string | null;
  search_text: string;
};

export type OrganizationTable = {
  id: string;
  code: string;
  name: string;
  short_name: string;
  kind: string;
  parent_id: string | null;
  admin_unit_code: string | null;
  /** jsonb: written as a JSON string, read back as an object. */
  contacts: unknown;
  status: "active" | "retired";
  valid_from: string;
  valid_to: string | null;
  version: number;
  search_text: string;
  sort_name: string;
  created_at: Date;
  updated_at: Date;
};

export type OrganizationVersionTable = {
  organization_id: string;
  version: number;
  change: "created" | "updated" | "retired";
  snapshot: unknown;
  changed_by_id: string | null;
  changed_by: string;
  reason: string | null;
  valid_from: Date;
  valid_to: Date | null;
};

export type InformationSystemTable = {
  id: string;
  organization_id: string;
  code: string;
  name: string;
  purpose: string;
  owner: string;
  security_level: number;
  security_decision: unknown;
  hosting: string;
  status: string;
  contacts: unknown;
  search_text: string;
  sort_name: string;
  created_at: Date;
  updated_at: Date;
};

export type DirectoryTables = {
  dir_admin_units: AdminUnitTable;
  dir_organizations: OrganizationTable;
  dir_organization_versions: OrganizationVersionTable;
  dir_information_systems: InformationSystemTable;
};

export function directoryDb(db: Db): Kysely<DirectoryTables> {
  return db as Kysely<DirectoryTables>;
}

/**
 * Conditions for accent-insensitive search: every query word must begin a word of the folded
 * search text, and a word typed twice must begin two words ("so noi vu ha noi" needs two words
 * starting with "noi", so it finds Hà Nội's department but not Hà Tĩnh's).
 */
export function wordPrefixConditions(column: string, terms: string[]) {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts].map(([term, times]) => {
    const pattern = `% ${escapeLike(term)}%`.repeat(times);
    return sql<boolean>`(' ' || ${sql.ref(column)}) like ${pattern}`;
  });
}

export { isUniqueViolation } from "../../core/db/transaction.ts";
