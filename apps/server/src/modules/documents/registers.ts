import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import { getOrganization } from "../directory/index.ts";
import type {
  Direction,
  Register,
  RegisterCreateInput,
  RegisterKind,
  RegisterStatus,
} from "./register-schema.ts";
import {
  getRegister,
  inTransaction,
  isPlatformWide,
  isUniqueViolation,
  mayRead,
  organizationOf,
  requireManager,
} from "./register-access.ts";
import {
  insertRegister,
  selectRegisterByKey,
  selectRegisters,
  updateRegisterStatus,
} from "./registers-repo.ts";

export type { Direction, Register, RegisterKind } from "./register-schema.ts";
export { getRegister } from "./register-access.ts";
export { listEntries, registerEntry } from "./register-entries.ts";
export type { EntryInput, RegisterEntry } from "./register-entries.ts";

/** "Sổ đăng ký văn bản đi năm 2026", "Sổ đăng ký văn bản mật đến năm 2026": the form's title. */
export function defaultRegisterName(direction: Direction, kind: RegisterKind, year: number) {
  return `Sổ đăng ký văn bản${kind === "secret" ? " mật" : ""} ${direction === "outgoing" ? "đi" : "đến"} năm ${year}`;
}

export async function createRegister(options: {
  db: Db;
  actor: Actor | null;
  input: RegisterCreateInput;
  requestMeta?: RequestMeta;
}): Promise<Register> {
  const actor = requireActor(options.actor);
  const { input } = options;
  const organizationId = input.organizationId ?? organizationOf(actor);
  if (!organizationId)
    throw new AppError("validation_failed", {
      errors: [{ path: "body.organizationId", message: "required" }],
    });
  requireManager(actor, organizationId);
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2999)
    throw new AppError("validation_failed", {
      detail: { vi: "Năm của sổ không hợp lệ.", en: "The register's year is not valid." },
    });
  const name = input.name?.trim() || defaultRegisterName(input.direction, input.kind, input.year);
  const organization = await getOrganization({ db: options.db, id: organizationId });
  if (organization?.status !== "active")
    throw new AppError("unprocessable", {
      detail: {
        vi: "Không có cơ quan đang hoạt động với mã này.",
        en: "No active organization has this id.",
      },
    });
  const key = { organizationId, direction: input.direction, year: input.year, kind: input.kind };
  const duplicate = new AppError("conflict", {
    detail: {
      vi: "Cơ quan đã có sổ này cho năm đó.",
      en: "The organization already has this register for that year.",
    },
  });
  try {
    return await inTransaction(options.db, async (trx) => {
      if (await selectRegisterByKey(trx, key)) throw duplicate;
      const register = await insertRegister(trx, { ...key, id: newId(), name });
      await recordAudit(trx, {
        action: "documents.register_created",
        actor,
        organizationId,
        targetType: "document_register",
        targetId: register.id,
        ...options.requestMeta,
        details: { direction: register.direction, year: register.year, kind: register.kind },
      });
      return register;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicate : error;
  }
}

/**
 * An organization's registers, newest year first. Without `organizationId`, the caller's own;
 * only system administrators name another organization.
 */
export async function listRegisters(options: {
  db: Db;
  actor: Actor | null;
  organizationId?: string | undefined;
  year?: number | undefined;
  direction?: Direction | undefined;
}): Promise<Register[]> {
  const actor = requireActor(options.actor);
  const organizationId = options.organizationId ?? organizationOf(actor);
  if (!organizationId)
    throw new AppError("validation_failed", {
      errors: [{ path: "querystring.organizationId", message: "required" }],
    });
  if (!isPlatformWide(actor) && organizationOf(actor) !== organizationId)
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ xem được sổ văn bản của cơ quan mình.",
        en: "You may read only your own organization's registers.",
      },
    });
  const kinds: RegisterKind[] = mayRead(actor, { organizationId, kind: "secret" })
    ? ["ordinary", "secret"]
    : ["ordinary"];
  return selectRegisters(options.db, {
    organizationId,
    kinds,
    ...(options.year !== undefined && { year: options.year }),
    ...(options.direction && { direction: options.direction }),
  });
}

/**
 * Closes a register at the end of its year (or reopens it to register a late document or correct
 * one): a closed register takes no entries and no corrections. Audited.
 */
export async function setRegisterStatus(options: {
  db: Db;
  actor: Actor | null;
  id: string;
  status: RegisterStatus;
  requestMeta?: RequestMeta;
}): Promise<Register> {
  const actor = requireActor(options.actor);
  return inTransaction(options.db, async (trx) => {
    const current = await getRegister(trx, actor, options.id);
    requireManager(actor, current.organizationId);
    const changed = await updateRegisterStatus(trx, current.id, options.status);
    if (!changed)
      throw new AppError("conflict", {
        detail:
          options.status === "closed"
            ? { vi: "Sổ đã khóa từ trước.", en: "The register is already closed." }
            : { vi: "Sổ đang mở.", en: "The register is already open." },
      });
    await recordAudit(trx, {
      action:
        options.status === "closed" ? "documents.register_closed" : "documents.register_reopened",
      actor,
      organizationId: changed.organizationId,
      targetType: "document_register",
      targetId: changed.id,
      ...options.requestMeta,
      details: { lastNumber: changed.lastNumber },
    });
    return changed;
  });
}
