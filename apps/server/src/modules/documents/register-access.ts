import { hasRole, requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
export { inTransaction, isUniqueViolation } from "../../core/db/transaction.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid } from "../../core/ids.ts";
import type { Register, RegisterKind } from "./register-schema.ts";
import { selectRegister } from "./registers-repo.ts";

export const isPlatformWide = (actor: Actor) =>
  actor.kind === "system" || actor.roles.includes("system_admin");

export const organizationOf = (actor: Actor) =>
  actor.kind === "user" ? actor.organizationId : null;

/** Clerks (văn thư) and the organization's administrators manage its registers. */
export function requireManager(actor: Actor, organizationId: string): void {
  if (isPlatformWide(actor)) return;
  if (organizationOf(actor) !== organizationId) throw new AppError("not_found");
  if (!hasRole(actor, "clerk", "org_admin"))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ văn thư hoặc quản trị của cơ quan được quản lý sổ văn bản.",
        en: "Only the organization's clerks or administrators manage its registers.",
      },
    });
}

/**
 * Everyone of the organization reads its ordinary registers. A secret register (sổ văn bản mật)
 * lists what secret documents exist, so only clerks, administrators and leaders read it.
 */
export function mayRead(actor: Actor, register: { organizationId: string; kind: RegisterKind }) {
  if (isPlatformWide(actor)) return true;
  if (organizationOf(actor) !== register.organizationId) return false;
  return register.kind === "ordinary" || hasRole(actor, "clerk", "org_admin", "leader");
}

/** The register if the actor may read it; `not_found` otherwise, so others learn nothing of it. */
export async function getRegister(db: Db, actor: Actor | null, id: string): Promise<Register> {
  const known = requireActor(actor);
  const register = isUuid(id) ? await selectRegister(db, id) : undefined;
  if (!register || !mayRead(known, register)) throw new AppError("not_found");
  return register;
}
