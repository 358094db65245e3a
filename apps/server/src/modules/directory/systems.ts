import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { foldVietnamese, searchTerms } from "../../core/text.ts";
import { decodeCursor, isTextIdKey, toPage } from "../../core/http/cursor.ts";
import type { RequestMeta } from "./organization-changes.ts";
import { requireOrganizationAdmin } from "./organization-scope.ts";
import { selectOrganizationById } from "./organizations-repo.ts";
import type {
  InformationSystem,
  InformationSystemChanges,
  InformationSystemInput,
} from "./schema.ts";
import {
  countAllInformationSystems,
  insertInformationSystem,
  searchInformationSystems,
  selectInformationSystem,
  selectInformationSystemByCode,
  updateInformationSystem as writeInformationSystem,
  type InformationSystemRecord,
} from "./systems-repo.ts";
import { isUniqueViolation } from "./tables.ts";
import { inTransaction } from "./transaction.ts";

export type CreateInformationSystemOptions = {
  db: Db;
  actor: Actor | null | undefined;
  input: InformationSystemInput;
  requestMeta?: RequestMeta;
};

/** Registers an information system of an organization in the actor's scope. */
export async function createInformationSystem({
  db,
  actor,
  input,
  requestMeta,
}: CreateInformationSystemOptions): Promise<InformationSystem> {
  return inTransaction(db, async (trx) => {
    const known = await requireOrganizationAdmin({
      db: trx,
      actor,
      organizationId: input.organizationId,
    });
    const organization = await selectOrganizationById(trx, input.organizationId);
    if (!organization || organization.status !== "active") {
      throw new AppError("unprocessable", {
        detail: {
          vi: "Cơ quan chủ quản không tồn tại hoặc đã giải thể.",
          en: "The owning organization does not exist or is retired.",
        },
        errors: [{ path: "body.organizationId", message: "unknown or retired organization" }],
      });
    }
    const { contacts, securityDecision, ...fields } = input;
    const system = withSearchText({
      ...fields,
      id: newId(),
      code: input.code.trim(),
      name: input.name.trim(),
      securityDecision: securityDecision ?? null,
      contacts: contacts ?? {},
    });
    requireSecurityDecision(system);
    await requireFreeSystemCode(trx, system.organizationId, system.code);
    const at = new Date();
    await saveGuarded(() => insertInformationSystem(trx, system, at), system.code);
    await audit(trx, known, "directory.system_created", system, requestMeta);
    return (await selectInformationSystem(trx, system.id))!;
  });
}

export type UpdateInformationSystemOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  changes: InformationSystemChanges;
  requestMeta?: RequestMeta;
};

export async function updateInformationSystem({
  db,
  actor,
  id,
  changes,
  requestMeta,
}: UpdateInformationSystemOptions): Promise<InformationSystem> {
  requireActor(actor);
  return inTransaction(db, async (trx) => {
    const current = isUuid(id)
      ? await selectInformationSystem(trx, id, { forUpdate: true })
      : undefined;
    if (!current) throw new AppError("not_found");
    const known = await requireOrganizationAdmin({
      db: trx,
      actor,
      organizationId: current.organization.id,
    });
    const next = applyChanges(current, changes);
    requireSecurityDecision(next);
    if (next.code !== current.code)
      await requireFreeSystemCode(trx, next.organizationId, next.code);
    await saveGuarded(() => writeInformationSystem(trx, next, new Date()), next.code);
    await audit(trx, known, "directory.system_updated", next, requestMeta, Object.keys(changes));
    return (await selectInformationSystem(trx, id))!;
  });
}

export type GetInformationSystemOptions = { db: Db; actor: Actor | null | undefined; id: string };

export async function getInformationSystem({
  db,
  actor,
  id,
}: GetInformationSystemOptions): Promise<InformationSystem> {
  requireActor(actor);
  const found = isUuid(id) ? await selectInformationSystem(db, id) : undefined;
  if (!found) throw new AppError("not_found");
  return found;
}

export type ListInformationSystemsOptions = {
  db: Db;
  actor: Actor | null | undefined;
  organizationId?: string | undefined;
  q?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Registered systems, for any signed-in caller (the register is not public: it maps the attack surface). */
export async function listInformationSystems(options: ListInformationSystemsOptions) {
  const { db, actor, organizationId, q, status, cursor, limit } = options;
  requireActor(actor);
  const rows = await searchInformationSystems(db, {
    ...(organizationId && { organizationIds: [organizationId] }),
    terms: q ? searchTerms(q) : [],
    status,
    after: cursor ? decodeCursor(cursor, isTextIdKey) : undefined,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (row) => row.key);
  return { items: page.items.map((row) => row.system), nextCursor: page.nextCursor };
}

/** Registered systems that are not retired (the base of the LGSP connection figure). */
export async function countInformationSystems({ db }: { db: Db }): Promise<number> {
  return countAllInformationSystems(db);
}

function applyChanges(
  current: InformationSystem,
  changes: InformationSystemChanges,
): InformationSystemRecord {
  return withSearchText({
    id: current.id,
    organizationId: current.organization.id,
    code: (changes.code ?? current.code).trim(),
    name: (changes.name ?? current.name).trim(),
    purpose: changes.purpose ?? current.purpose,
    owner: changes.owner ?? current.owner,
    securityLevel: changes.securityLevel ?? current.securityLevel,
    securityDecision:
      changes.securityDecision === undefined ? current.securityDecision : changes.securityDecision,
    hosting: changes.hosting ?? current.hosting,
    status: changes.status ?? current.status,
    contacts: changes.contacts ?? current.contacts,
  });
}

function withSearchText(
  system: Omit<InformationSystemRecord, "searchText" | "sortName">,
): InformationSystemRecord {
  return {
    ...system,
    searchText: foldVietnamese(`${system.name} ${system.code} ${system.owner}`),
    sortName: foldVietnamese(system.name),
  };
}

/**
 * From level 3 up, a level is approved only after the specialised security unit has appraised
 * the proposal (Decree 85/2016/NĐ-CP), and inspections ask for the approving decision; so a
 * system of level 3–5 is neither registered nor kept without its number, date and issuer.
 */
function requireSecurityDecision(
  system: Pick<InformationSystemRecord, "securityLevel" | "securityDecision">,
) {
  if (system.securityLevel < 3 || system.securityDecision) return;
  throw new AppError("unprocessable", {
    detail: {
      vi: `Hệ thống thông tin cấp độ ${system.securityLevel} phải có quyết định phê duyệt cấp độ (số, ngày, cơ quan ban hành).`,
      en: `An information system of security level ${system.securityLevel} needs the decision approving its level (number, date, issuer).`,
    },
    errors: [{ path: "body.securityDecision", message: "required for security levels 3–5" }],
  });
}

function duplicateSystemCode(code: string) {
  return new AppError("conflict", {
    detail: {
      vi: `Cơ quan đã có hệ thống thông tin mã "${code}".`,
      en: `The organization already has an information system with code "${code}".`,
    },
  });
}

async function requireFreeSystemCode(db: Db, organizationId: string, code: string) {
  if (await selectInformationSystemByCode(db, organizationId, code))
    throw duplicateSystemCode(code);
}

async function saveGuarded(write: () => Promise<void>, code: string) {
  try {
    await write();
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateSystemCode(code) : error;
  }
}

async function audit(
  db: Db,
  actor: Actor,
  action: string,
  system: InformationSystemRecord,
  requestMeta?: RequestMeta,
  changed?: string[],
) {
  await recordAudit(db, {
    action,
    actor,
    organizationId: system.organizationId,
    targetType: "information_system",
    targetId: system.id,
    ip: requestMeta?.ip,
    requestId: requestMeta?.requestId,
    details: {
      code: system.code,
      name: system.name,
      securityLevel: system.securityLevel,
      ...(changed && { changed }),
    },
  });
}
