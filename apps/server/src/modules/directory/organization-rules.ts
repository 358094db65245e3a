import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { selectAdminUnit } from "./admin-units-repo.ts";
import { vietnamToday } from "./dates.ts";
import { canAdministerOrganization } from "./organization-scope.ts";
import {
  selectActiveOrganizationByCode,
  selectOrganizationById,
  selectSubtreeIds,
} from "./organizations-repo.ts";
import { isUniqueViolation } from "./tables.ts";

/** The rules an organization change must keep, each throwing the error the caller should see. */

export async function requireActiveParent(db: Db, parentId: string) {
  const parent = await selectOrganizationById(db, parentId);
  if (!parent || parent.status !== "active") {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Cơ quan cấp trên không tồn tại hoặc đã giải thể.",
        en: "The parent organization does not exist or is retired.",
      },
      errors: [{ path: "body.parentId", message: "unknown or retired organization" }],
    });
  }
}

export async function requireAdminUnit(db: Db, code: string) {
  if (await selectAdminUnit(db, code, vietnamToday())) return;
  throw new AppError("unprocessable", {
    detail: {
      vi: `Không có đơn vị hành chính mã "${code}".`,
      en: `There is no administrative unit with code "${code}".`,
    },
    errors: [{ path: "body.adminUnitCode", message: "unknown administrative unit" }],
  });
}

export async function requireFreeCode(db: Db, code: string) {
  if (await selectActiveOrganizationByCode(db, code)) throw duplicateCode(code);
}

/** A parallel request can take the code between the check and the write; the unique index decides. */
export async function saveGuarded(write: () => Promise<void>, code: string) {
  try {
    await write();
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateCode(code) : error;
  }
}

/** A new parent must be active, in the actor's scope, and not the organization itself or below it. */
export async function checkNewParent(db: Db, actor: Actor, id: string, parentId: string | null) {
  if (!(await canAdministerOrganization({ db, actor, organizationId: parentId })))
    throw new AppError("forbidden");
  if (parentId === null) return;
  await requireActiveParent(db, parentId);
  if ((await selectSubtreeIds(db, id)).includes(parentId)) {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Không thể đặt cơ quan trực thuộc chính nó hoặc một đơn vị cấp dưới của nó.",
        en: "An organization cannot be placed under itself or one of its own units.",
      },
      errors: [{ path: "body.parentId", message: "would create a cycle" }],
    });
  }
}

export function duplicateCode(code: string) {
  return new AppError("conflict", {
    detail: {
      vi: `Mã định danh "${code}" đã được cấp cho một cơ quan đang hoạt động.`,
      en: `Agency code "${code}" is already held by an active organization.`,
    },
  });
}

export function retiredError(code: string) {
  return new AppError("conflict", {
    detail: { vi: `Cơ quan "${code}" đã giải thể.`, en: `Organization "${code}" is retired.` },
  });
}
