import { requireActor, type Actor, type Role } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { canAdministerOrganization } from "../directory/index.ts";

/** Rules shared by every account change: who may administer whom, and which roles they may grant. */
export const USERNAME = /^[a-z0-9._-]{3,64}$/;

export const notFound = () =>
  new AppError("not_found", {
    detail: { vi: "Không tìm thấy tài khoản.", en: "No such account." },
  });

/** Only a system administrator (or the platform itself) may hand out the system administrator role. */
export function checkGrantable(actor: Actor, roles: Role[]) {
  const isSystem = actor.kind === "system" || actor.roles.includes("system_admin");
  if (roles.includes("system_admin") && !isSystem) {
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị hệ thống mới được cấp vai trò quản trị hệ thống.",
        en: "Only system administrators may grant the system administrator role.",
      },
    });
  }
}

export async function requireAdministrable(
  db: Db,
  actor: Actor | null | undefined,
  organizationId: string,
) {
  const known = requireActor(actor);
  if (!(await canAdministerOrganization({ db, actor: known, organizationId })))
    throw new AppError("forbidden");
  return known;
}

/**
 * An administrator acting on one account: the account's organization must be in their scope,
 * and only a system administrator may act on a system administrator's account (otherwise an
 * organization administrator could reset that password or second factor and take it over).
 */
export async function requireAdministrableUser(
  db: Db,
  actor: Actor | null | undefined,
  target: { organization_id: string; roles: readonly Role[] },
) {
  const known = await requireAdministrable(db, actor, target.organization_id);
  const isSystem = known.kind === "system" || known.roles.includes("system_admin");
  if (target.roles.includes("system_admin") && !isSystem) {
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị hệ thống mới được thay đổi tài khoản của quản trị hệ thống.",
        en: "Only system administrators may change a system administrator's account.",
      },
    });
  }
  return known;
}
