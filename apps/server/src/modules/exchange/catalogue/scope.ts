import { requireActor, type Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import { canAdministerOrganization, organizationSubtreeIds } from "../../directory/index.ts";

/**
 * The catalogue's one authorization rule: a system administrator acts for every organization, an
 * org_admin for their organization and those below it, nobody else. Providers' admins decide on
 * their services; consumers' admins ask for their systems.
 */
export async function requireAdminOf(options: {
  db: Db;
  actor: Actor | null | undefined;
  organizationId: string;
}): Promise<Actor> {
  const known = requireActor(options.actor);
  if (!(await canAdministerOrganization({ ...options, actor: known })))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị viên của cơ quan chủ quản hệ thống mới được thực hiện thao tác này.",
        en: "Only an administrator of the organization that owns the system may do this.",
      },
    });
  return known;
}

/** Organizations whose requests and rights the caller administers; `null` means all of them. */
export async function administeredOrganizations(
  db: Db,
  actor: Actor | null | undefined,
): Promise<string[] | null> {
  const known = requireActor(actor);
  if (known.kind === "system" || known.roles.includes("system_admin")) return null;
  if (!known.roles.includes("org_admin")) throw new AppError("forbidden");
  return organizationSubtreeIds({ db, organizationId: known.organizationId });
}

/** Who acted, as the catalogue's tables record it. */
export function actorColumns(actor: Actor): { id: string | null; name: string } {
  return actor.kind === "user"
    ? { id: actor.userId, name: actor.username }
    : { id: null, name: `system:${actor.name}` };
}
