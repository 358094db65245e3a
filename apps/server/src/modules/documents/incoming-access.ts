import { hasRole, requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import { isUuid } from "../../core/ids.ts";
import { readableDocument } from "./documents.ts";
import { selectDocument, type DocumentRow } from "./documents-repo.ts";
import { selectCurrentAssignment, type AssignmentRow } from "./incoming-repo.ts";

const platformWide = (actor: Actor) =>
  actor.kind === "system" || actor.roles.includes("system_admin");

/** Whether the actor is among the current assignment's handlers (main person, unit, co-handlers). */
export function isHandler(actor: Actor, assignment: AssignmentRow | undefined): boolean {
  if (!assignment || actor.kind !== "user") return false;
  const co = (assignment.co_handlers as { userId: string }[] | null) ?? [];
  return (
    assignment.main_user_id === actor.userId ||
    assignment.main_unit_id === actor.organizationId ||
    co.some((c) => c.userId === actor.userId)
  );
}

/**
 * A document the actor may see: whoever may read it (its organization's people, `canReadDocument`),
 * and the handlers an incoming document was assigned to, who may sit in one of the organization's
 * units. `readable` says which. Anyone else gets `not_found`, the same answer as for no document.
 */
export async function visibleDocument(
  db: Db,
  actor: Actor | null,
  id: string,
): Promise<{ row: DocumentRow; assignment: AssignmentRow | undefined; readable: boolean }> {
  const known = requireActor(actor);
  if (!isUuid(id)) throw new AppError("not_found");
  try {
    const row = await readableDocument(db, known, id);
    const assignment =
      row.direction === "incoming" ? await selectCurrentAssignment(db, id) : undefined;
    return { row, assignment, readable: true };
  } catch (error) {
    if (!isAppError(error) || error.code !== "not_found") throw error;
    const found = await selectDocument(db, id);
    const assignment = found && (await selectCurrentAssignment(db, id));
    if (!found || found.direction !== "incoming" || !isHandler(known, assignment)) throw error;
    return { row: found, assignment, readable: false };
  }
}

/** An incoming document the actor may work on (see `visibleDocument`). */
export async function incomingDocument(db: Db, actor: Actor | null, id: string) {
  const found = await visibleDocument(db, actor, id);
  if (found.row.direction !== "incoming") throw new AppError("not_found");
  return found;
}

/** Clerks (văn thư) and the organization's administrators accept, reject and register. */
export function requireClerk(actor: Actor, row: DocumentRow) {
  if (platformWide(actor)) return;
  if (
    actor.kind !== "user" ||
    actor.organizationId !== row.organization_id ||
    !hasRole(actor, "clerk", "org_admin")
  )
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ văn thư hoặc quản trị của cơ quan được tiếp nhận, từ chối văn bản đến.",
        en: "Only the organization's clerks or administrators accept or reject incoming documents.",
      },
    });
}

/** The organization's leaders direct and assign (ý kiến chỉ đạo, phân công). */
export function requireLeader(actor: Actor, row: DocumentRow) {
  if (platformWide(actor)) return;
  if (
    actor.kind !== "user" ||
    actor.organizationId !== row.organization_id ||
    !hasRole(actor, "leader")
  )
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ lãnh đạo của cơ quan được cho ý kiến chỉ đạo và phân công xử lý.",
        en: "Only the organization's leaders direct and assign handling.",
      },
    });
}

/** The handlers assigned, and the organization's leaders, move the handling on. */
export function requireHandler(
  actor: Actor,
  row: DocumentRow,
  assignment: AssignmentRow | undefined,
) {
  if (platformWide(actor) || isHandler(actor, assignment)) return;
  if (
    actor.kind === "user" &&
    actor.organizationId === row.organization_id &&
    hasRole(actor, "leader")
  )
    return;
  throw new AppError("forbidden", {
    detail: {
      vi: "Chỉ người được phân công xử lý hoặc lãnh đạo được cập nhật việc xử lý.",
      en: "Only the assigned handlers or a leader update the handling.",
    },
  });
}
