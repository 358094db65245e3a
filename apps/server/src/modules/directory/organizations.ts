import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid } from "../../core/ids.ts";
import { searchTerms } from "../../core/text.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import {
  searchOrganizations,
  selectActiveOrganizationByCode,
  selectActiveTree,
  selectOrganizationById,
  selectOrganizationVersions,
} from "./organizations-repo.ts";
import type { Organization, OrganizationTreeNode, OrganizationVersion } from "./schema.ts";

export type FindOrganizationByCodeOptions = { db: Db; code: string };

/** The active organization holding an agency code (codes of retired organizations may be reused). */
export async function findOrganizationByCode({
  db,
  code,
}: FindOrganizationByCodeOptions): Promise<Organization | undefined> {
  return selectActiveOrganizationByCode(db, code.trim());
}

export type GetOrganizationOptions = { db: Db; id: string };

export async function getOrganization({
  db,
  id,
}: GetOrganizationOptions): Promise<Organization | undefined> {
  return isUuid(id) ? selectOrganizationById(db, id) : undefined;
}

export async function requireOrganization(options: GetOrganizationOptions): Promise<Organization> {
  const found = await getOrganization(options);
  if (!found) throw new AppError("not_found");
  return found;
}

type OrganizationKey = [number, string, string];

function isOrganizationKey(key: unknown): key is OrganizationKey {
  return (
    Array.isArray(key) &&
    key.length === 3 &&
    typeof key[0] === "number" &&
    typeof key[1] === "string" &&
    typeof key[2] === "string" &&
    isUuid(key[2])
  );
}

export type ListOrganizationsOptions = {
  db: Db;
  q?: string | undefined;
  kind?: string | undefined;
  parentId?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * Accent-insensitive search over name, short name and code ("so noi vu ha noi" finds "Sở Nội vụ
 * Thành phố Hà Nội"): every word must occur; an exact code match comes first, then by name.
 */
export async function listOrganizations(options: ListOrganizationsOptions) {
  const { db, q, kind, parentId, status, cursor, limit } = options;
  const after = cursor ? decodeCursor(cursor, isOrganizationKey) : undefined;
  const terms = q ? searchTerms(q) : [];
  const rows = await searchOrganizations(db, {
    terms,
    ...(q && { exactCode: q.trim().toUpperCase(), phrase: terms.join(" ") }),
    kind,
    parentId,
    status,
    after,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (row) => row.key);
  return { items: page.items.map((row) => row.organization), nextCursor: page.nextCursor };
}

/** Every active organization, flat; clients nest them by `parentId`. */
export async function listOrganizationTree({ db }: { db: Db }): Promise<OrganizationTreeNode[]> {
  return selectActiveTree(db);
}

export type OrganizationHistoryOptions = { db: Db; actor: Actor | null | undefined; id: string };

/** Every version of an organization, newest first; only signed-in callers see who changed what. */
export async function organizationHistory({
  db,
  actor,
  id,
}: OrganizationHistoryOptions): Promise<OrganizationVersion[]> {
  requireActor(actor);
  await requireOrganization({ db, id });
  return selectOrganizationVersions(db, id);
}
