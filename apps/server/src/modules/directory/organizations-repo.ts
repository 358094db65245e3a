import { sql } from "kysely";
import type { Db } from "../../core/db/index.ts";
import { escapeLike } from "../../core/text.ts";
import type {
  Organization,
  OrganizationContacts,
  OrganizationKind,
  OrganizationTreeNode,
  OrganizationVersion,
} from "./schema.ts";
import {
  directoryDb,
  wordPrefixConditions,
  type OrganizationTable,
  type OrganizationVersionTable,
} from "./tables.ts";

export type OrganizationRecord = Organization & { searchText: string; sortName: string };

function toOrganization(row: OrganizationTable): Organization {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind as OrganizationKind,
    parentId: row.parent_id,
    adminUnitCode: row.admin_unit_code,
    contacts: (row.contacts ?? {}) as OrganizationContacts,
    status: row.status,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    version: row.version,
  };
}

export async function selectOrganizationById(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = directoryDb(db).selectFrom("dir_organizations").selectAll().where("id", "=", id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toOrganization(row);
}

export async function selectActiveOrganizationByCode(db: Db, code: string) {
  const row = await directoryDb(db)
    .selectFrom("dir_organizations")
    .selectAll()
    .where("code", "=", code)
    .where("status", "=", "active")
    .executeTakeFirst();
  return row && toOrganization(row);
}

export async function selectActiveOrganizationsByCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  const rows = await directoryDb(db)
    .selectFrom("dir_organizations")
    .selectAll()
    .where("code", "in", codes)
    .where("status", "=", "active")
    .execute();
  return rows.map(toOrganization);
}

function toRow(org: OrganizationRecord, at: Date) {
  return {
    code: org.code,
    name: org.name,
    short_name: org.shortName,
    kind: org.kind,
    parent_id: org.parentId,
    admin_unit_code: org.adminUnitCode,
    contacts: JSON.stringify(org.contacts),
    status: org.status,
    valid_from: org.validFrom,
    valid_to: org.validTo,
    version: org.version,
    search_text: org.searchText,
    sort_name: org.sortName,
    updated_at: at,
  };
}

export async function insertOrganization(db: Db, org: OrganizationRecord, at: Date) {
  await directoryDb(db)
    .insertInto("dir_organizations")
    .values({ id: org.id, ...toRow(org, at), created_at: at })
    .execute();
}

export async function updateOrganization(db: Db, org: OrganizationRecord, at: Date) {
  await directoryDb(db)
    .updateTable("dir_organizations")
    .set(toRow(org, at))
    .where("id", "=", org.id)
    .execute();
}

export type VersionEntry = Omit<OrganizationVersionTable, "snapshot" | "valid_to"> & {
  snapshot: Organization;
};

/** Closes the open version, if any, and opens the new one at the same instant. */
export async function appendOrganizationVersion(db: Db, entry: VersionEntry) {
  await directoryDb(db)
    .updateTable("dir_organization_versions")
    .set({ valid_to: entry.valid_from })
    .where("organization_id", "=", entry.organization_id)
    .where("valid_to", "is", null)
    .execute();
  await directoryDb(db)
    .insertInto("dir_organization_versions")
    .values({ ...entry, snapshot: JSON.stringify(entry.snapshot), valid_to: null })
    .execute();
}

export async function selectOrganizationVersions(
  db: Db,
  organizationId: string,
): Promise<OrganizationVersion[]> {
  const rows = await directoryDb(db)
    .selectFrom("dir_organization_versions")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .orderBy("version", "desc")
    .execute();
  return rows.map((row) => ({
    version: row.version,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to ? row.valid_to.toISOString() : null,
    changedBy: row.changed_by,
    change: row.change,
    reason: row.reason,
    snapshot: row.snapshot as Organization,
  }));
}

export type OrganizationSearch = {
  /** Folded search words; every one must occur in the search text. */
  terms: string[];
  /** Rows whose code equals this come first. */
  exactCode?: string;
  /** The folded query: organizations whose name is, or begins with, it come next. */
  phrase?: string;
  kind?: string;
  parentId?: string;
  status?: string;
  after?: [number, string, string];
  limit: number;
};

/**
 * Ordered by (relevance rank, folded name, id) and keyset-paginated on that triple. Rank: 0 exact
 * code, 1 name equal to the query, 2 name beginning with it, 3 any other match.
 */
export async function searchOrganizations(db: Db, search: OrganizationSearch) {
  const phrase = search.phrase ?? "";
  const rank = sql<number>`(case
    when code = ${search.exactCode ?? ""} then 0
    when sort_name = ${phrase} then 1
    when sort_name like ${`${escapeLike(phrase)}%`} then 2
    else 3 end)`;
  let query = directoryDb(db)
    .selectFrom("dir_organizations")
    .selectAll()
    .select(rank.as("rank"))
    .orderBy(rank)
    .orderBy("sort_name")
    .orderBy("id")
    .limit(search.limit);
  for (const condition of wordPrefixConditions("search_text", search.terms))
    query = query.where(condition);
  if (search.kind) query = query.where("kind", "=", search.kind);
  if (search.parentId) query = query.where("parent_id", "=", search.parentId);
  if (search.status) query = query.where("status", "=", search.status as "active" | "retired");
  if (search.after) {
    const [r, name, id] = search.after;
    query = query.where(sql<boolean>`(${rank}, sort_name, id) > (${r}, ${name}, ${id}::uuid)`);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    organization: toOrganization(row),
    key: [row.rank, row.sort_name, row.id] as const,
  }));
}

export async function selectActiveTree(db: Db): Promise<OrganizationTreeNode[]> {
  const rows = await directoryDb(db)
    .selectFrom("dir_organizations")
    .select(["id", "code", "name", "short_name", "kind", "parent_id", "admin_unit_code"])
    .where("status", "=", "active")
    .orderBy("sort_name")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind as OrganizationKind,
    parentId: r.parent_id,
    adminUnitCode: r.admin_unit_code,
  }));
}

/** The organization and every organization below it, whatever their status. */
export async function selectSubtreeIds(db: Db, organizationId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive subtree (id) as (
      select id from dir_organizations where id = ${organizationId}
      union
      select child.id from dir_organizations child join subtree on child.parent_id = subtree.id
    )
    select id from subtree`.execute(db);
  return rows.map((r) => r.id);
}

export async function countActiveChildren(db: Db, organizationId: string): Promise<number> {
  const row = await directoryDb(db)
    .selectFrom("dir_organizations")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("parent_id", "=", organizationId)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
