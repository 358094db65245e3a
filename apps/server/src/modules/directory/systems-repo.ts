import { sql } from "kysely";
import type { Db } from "../../core/db/index.ts";
import type { InformationSystem } from "./schema.ts";
import { directoryDb, wordPrefixConditions, type InformationSystemTable } from "./tables.ts";

export type InformationSystemRecord = Omit<
  InformationSystem,
  "organization" | "createdAt" | "updatedAt"
> & {
  organizationId: string;
  searchText: string;
  sortName: string;
};

function baseQuery(db: Db) {
  return directoryDb(db)
    .selectFrom("dir_information_systems as s")
    .innerJoin("dir_organizations as o", "o.id", "s.organization_id")
    .selectAll("s")
    .select(["o.code as organization_code", "o.name as organization_name"]);
}

type Joined = InformationSystemTable & { organization_code: string; organization_name: string };

function toInformationSystem(row: Joined): InformationSystem {
  return {
    id: row.id,
    organization: {
      id: row.organization_id,
      code: row.organization_code,
      name: row.organization_name,
    },
    code: row.code,
    name: row.name,
    purpose: row.purpose,
    owner: row.owner,
    securityLevel: row.security_level,
    securityDecision: (row.security_decision ?? null) as InformationSystem["securityDecision"],
    hosting: row.hosting as InformationSystem["hosting"],
    status: row.status as InformationSystem["status"],
    contacts: (row.contacts ?? {}) as InformationSystem["contacts"],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function selectInformationSystem(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = baseQuery(db).where("s.id", "=", id);
  if (options.forUpdate) query = query.forUpdate("s");
  const row = await query.executeTakeFirst();
  return row && toInformationSystem(row);
}

export async function selectInformationSystemByCode(db: Db, organizationId: string, code: string) {
  const row = await baseQuery(db)
    .where("s.organization_id", "=", organizationId)
    .where("s.code", "=", code)
    .executeTakeFirst();
  return row && toInformationSystem(row);
}

function toRow(system: InformationSystemRecord, at: Date) {
  return {
    organization_id: system.organizationId,
    code: system.code,
    name: system.name,
    purpose: system.purpose,
    owner: system.owner,
    security_level: system.securityLevel,
    security_decision: system.securityDecision ? JSON.stringify(system.securityDecision) : null,
    hosting: system.hosting,
    status: system.status,
    contacts: JSON.stringify(system.contacts),
    search_text: system.searchText,
    sort_name: system.sortName,
    updated_at: at,
  };
}

export async function insertInformationSystem(db: Db, system: InformationSystemRecord, at: Date) {
  await directoryDb(db)
    .insertInto("dir_information_systems")
    .values({ id: system.id, ...toRow(system, at), created_at: at })
    .execute();
}

export async function updateInformationSystem(db: Db, system: InformationSystemRecord, at: Date) {
  await directoryDb(db)
    .updateTable("dir_information_systems")
    .set(toRow(system, at))
    .where("id", "=", system.id)
    .execute();
}

export type InformationSystemSearch = {
  organizationIds?: string[];
  terms: string[];
  status?: string;
  after?: [string, string];
  limit: number;
};

/** Ordered by folded name then id, keyset-paginated. */
export async function searchInformationSystems(db: Db, search: InformationSystemSearch) {
  let query = baseQuery(db).orderBy("s.sort_name").orderBy("s.id").limit(search.limit);
  if (search.organizationIds) {
    if (search.organizationIds.length === 0) return [];
    query = query.where("s.organization_id", "in", search.organizationIds);
  }
  for (const condition of wordPrefixConditions("s.search_text", search.terms))
    query = query.where(condition);
  if (search.status) query = query.where("s.status", "=", search.status);
  if (search.after) {
    const [name, id] = search.after;
    query = query.where(sql<boolean>`(s.sort_name, s.id) > (${name}, ${id}::uuid)`);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    system: toInformationSystem(row),
    key: [row.sort_name, row.id] as const,
  }));
}

export async function countAllInformationSystems(db: Db): Promise<number> {
  const row = await directoryDb(db)
    .selectFrom("dir_information_systems")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("status", "<>", "retired")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
