import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid } from "../../core/ids.ts";
import { selectSubtreeIds } from "./organizations-repo.ts";

export type OrganizationSubtreeOptions = { db: Db; organizationId: string };

/** The organization and all organizations below it (any status), for scoping who sees what. */
export async function organizationSubtreeIds({
  db,
  organizationId,
}: OrganizationSubtreeOptions): Promise<string[]> {
  if (!isUuid(organizationId)) return [];
  return selectSubtreeIds(db, organizationId);
}

export type CanAdministerOptions = {
  db: Db;
  actor: Actor | null | undefined;
  organizationId: string | null;
};

/**
 * System administrators (and the platform itself) administer every organization; an org_admin
 * administers their own organization and everything below it; nobody else administers any.
 * `organizationId: null` means "the top level", which only system administrators may touch.
 */
export async function canAdministerOrganization({
  db,
  actor,
  organizationId,
}: CanAdministerOptions): Promise<boolean> {
  if (!actor) return false;
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return true;
  if (!actor.roles.includes("org_admin") || organizationId === null) return false;
  const scope = await organizationSubtreeIds({ db, organizationId: actor.organizationId });
  return scope.includes(organizationId);
}

/** Throws `unauthenticated` without an actor and `forbidden` when the organization is out of scope. */
export async function requireOrganizationAdmin(options: CanAdministerOptions): Promise<Actor> {
  if (!options.actor) throw new AppError("unauthenticated");
  if (!(await canAdministerOrganization(options))) throw new AppError("forbidden");
  return options.actor;
}
