import { actorLabel, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { canonicalJson } from "../../core/canonical-json.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { foldVietnamese } from "../../core/text.ts";
import { assertAgencyCode } from "./agency-code.ts";
import { selectAdminUnit } from "./admin-units-repo.ts";
import { vietnamToday } from "./dates.ts";
import { canAdministerOrganization, requireOrganizationAdmin } from "./organization-scope.ts";
import {
  appendOrganizationVersion,
  countActiveChildren,
  insertOrganization,
  selectActiveOrganizationByCode,
  selectOrganizationById,
  selectSubtreeIds,
  updateOrganization as writeOrganization,
  type OrganizationRecord,
} from "./organizations-repo.ts";
import type { Organization, OrganizationChanges, OrganizationInput } from "./schema.ts";
import { isUniqueViolation } from "./tables.ts";
import { inTransaction } from "./transaction.ts";

/** Where a change came from, for the audit entry. */
export type RequestMeta = { ip?: string; requestId?: string };

export type CreateOrganizationOptions = {
  db: Db;
  actor: Actor | null | undefined;
  input: OrganizationInput;
  requestMeta?: RequestMeta;
};

/** Registers an organization: system administrators anywhere, org_admins below their own organization. */
export async function createOrganization({ db, actor, input, requestMeta }: CreateOrganizationOptions): Promise<Organization> {
  const code = input.code.trim();
  assertAgencyCode(code);
  return inTransaction(db, async (trx) => {
    const known = await requireOrganizationAdmin({ db: trx, actor, organizationId: input.parentId ?? null });
    if (input.parentId) await requireActiveParent(trx, input.parentId);
    if (input.adminUnitCode) await requireAdminUnit(trx, input.adminUnitCode);
    await requireFreeCode(trx, code);
    const organization = withSearchText({
      id: newId(),
      code,
      name: input.name.trim(),
      shortName: input.shortName.trim(),
      kind: input.kind,
      parentId: input.parentId ?? null,
      adminUnitCode: input.adminUnitCode ?? null,
      contacts: input.contacts ?? {},
      status: "active",
      validFrom: vietnamToday(),
      validTo: null,
      version: 1,
    });
    const at = new Date();
    await saveGuarded(() => insertOrganization(trx, organization, at), code);
    await recordChange(trx, { actor: known, organization, change: "created", at, requestMeta });
    return present(organization);
  });
}

export type UpdateOrganizationOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  changes: OrganizationChanges;
  requestMeta?: RequestMeta;
};

/** Edits an organization in the actor's scope; a new version is kept only when something changed. */
export async function updateOrganization({ db, actor, id, changes, requestMeta }: UpdateOrganizationOptions): Promise<Organization> {
  if (changes.code !== undefined) assertAgencyCode(changes.code.trim());
  return inTransaction(db, async (trx) => {
    const current = await lockOrganization(trx, actor, id);
    const known = await requireOrganizationAdmin({ db: trx, actor, organizationId: id });
    if (current.status === "retired") throw retiredError(current.code);
    const next: Organization = {
      ...current,
      ...(changes.code !== undefined && { code: changes.code.trim() }),
      ...(changes.name !== undefined && { name: changes.name.trim() }),
      ...(changes.shortName !== undefined && { shortName: changes.shortName.trim() }),
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.parentId !== undefined && { parentId: changes.parentId }),
      ...(changes.adminUnitCode !== undefined && { adminUnitCode: changes.adminUnitCode }),
      ...(changes.contacts !== undefined && { contacts: changes.contacts }),
    };
    const changed = (Object.keys(next) as (keyof Organization)[]).filter(
      (key) => canonicalJson(next[key]) !== canonicalJson(current[key]),
    );
    if (changed.length === 0) return current;
    if (changed.includes("parentId")) await checkNewParent(trx, known, id, next.parentId);
    if (changed.includes("adminUnitCode") && next.adminUnitCode) await requireAdminUnit(trx, next.adminUnitCode);
    if (changed.includes("code")) await requireFreeCode(trx, next.code);
    const organization = withSearchText({ ...next, version: current.version + 1 });
    const at = new Date();
    await saveGuarded(() => writeOrganization(trx, organization, at), organization.code);
    await recordChange(trx, { actor: known, organization, change: "updated", at, requestMeta, changed });
    return present(organization);
  });
}

export type RetireOrganizationOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  reason: string;
  requestMeta?: RequestMeta;
};

/**
 * Retires an organization (merged, dissolved): it stays in the directory with `valid_to`, so old
 * documents still resolve, but its code becomes free. Units below it must be moved or retired first.
 */
export async function retireOrganization({ db, actor, id, reason, requestMeta }: RetireOrganizationOptions): Promise<Organization> {
  return inTransaction(db, async (trx) => {
    const current = await lockOrganization(trx, actor, id);
    const known = await requireOrganizationAdmin({ db: trx, actor, organizationId: id });
    if (known.kind === "user" && !known.roles.includes("system_admin") && known.organizationId === id) {
      throw new AppError("forbidden", {
        detail: { vi: "Không thể tự giải thể cơ quan của chính mình.", en: "You cannot retire your own organization." },
      });
    }
    if (current.status === "retired") throw retiredError(current.code);
    if ((await countActiveChildren(trx, id)) > 0) {
      throw new AppError("conflict", {
        detail: {
          vi: "Cơ quan còn đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể các đơn vị đó trước.",
          en: "The organization still has active units below it; move or retire them first.",
        },
      });
    }
    const organization = withSearchText({ ...current, status: "retired", validTo: vietnamToday(), version: current.version + 1 });
    const at = new Date();
    await writeOrganization(trx, organization, at);
    await recordChange(trx, { actor: known, organization, change: "retired", at, requestMeta, reason: reason.trim() });
    return present(organization);
  });
}

async function lockOrganization(db: Db, actor: Actor | null | undefined, id: string): Promise<Organization> {
  if (!actor) throw new AppError("unauthenticated");
  const found = isUuid(id) ? await selectOrganizationById(db, id, { forUpdate: true }) : undefined;
  if (!found) throw new AppError("not_found");
  return found;
}

function withSearchText(organization: Organization): OrganizationRecord {
  return {
    ...organization,
    // The code's groups are words too, so "H01" or "G09" finds every unit under that level-1 code.
    searchText: foldVietnamese(
      `${organization.name} ${organization.shortName} ${organization.code} ${organization.code.replaceAll(".", " ")}`,
    ),
    sortName: foldVietnamese(organization.name),
  };
}

function present({ searchText: _s, sortName: _n, ...organization }: OrganizationRecord): Organization {
  return organization;
}

async function requireActiveParent(db: Db, parentId: string) {
  const parent = await selectOrganizationById(db, parentId);
  if (!parent || parent.status !== "active") {
    throw new AppError("unprocessable", {
      detail: { vi: "Cơ quan cấp trên không tồn tại hoặc đã giải thể.", en: "The parent organization does not exist or is retired." },
      errors: [{ path: "body.parentId", message: "unknown or retired organization" }],
    });
  }
}

async function requireAdminUnit(db: Db, code: string) {
  if (await selectAdminUnit(db, code, vietnamToday())) return;
  throw new AppError("unprocessable", {
    detail: { vi: `Không có đơn vị hành chính mã "${code}".`, en: `There is no administrative unit with code "${code}".` },
    errors: [{ path: "body.adminUnitCode", message: "unknown administrative unit" }],
  });
}

async function requireFreeCode(db: Db, code: string) {
  if (await selectActiveOrganizationByCode(db, code)) throw duplicateCode(code);
}

/** A parallel request can take the code between the check and the write; the unique index decides. */
async function saveGuarded(write: () => Promise<void>, code: string) {
  try {
    await write();
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateCode(code) : error;
  }
}

/** A new parent must be active, in the actor's scope, and not the organization itself or below it. */
async function checkNewParent(db: Db, actor: Actor, id: string, parentId: string | null) {
  if (!(await canAdministerOrganization({ db, actor, organizationId: parentId }))) throw new AppError("forbidden");
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

function retiredError(code: string) {
  return new AppError("conflict", {
    detail: { vi: `Cơ quan "${code}" đã giải thể.`, en: `Organization "${code}" is retired.` },
  });
}

type ChangeEntry = {
  actor: Actor;
  organization: OrganizationRecord;
  change: "created" | "updated" | "retired";
  at: Date;
  requestMeta?: RequestMeta | undefined;
  changed?: string[];
  reason?: string;
};

/** Keeps the version snapshot and the audit entry in the caller's transaction, with the change. */
async function recordChange(db: Db, entry: ChangeEntry) {
  const { actor, organization, change, at } = entry;
  await appendOrganizationVersion(db, {
    organization_id: organization.id,
    version: organization.version,
    change,
    snapshot: present(organization),
    changed_by_id: actor.kind === "user" ? actor.userId : null,
    changed_by: actorLabel(actor),
    reason: entry.reason ?? null,
    valid_from: at,
  });
  await recordAudit(db, {
    action: `directory.organization_${change}`,
    actor,
    organizationId: organization.id,
    targetType: "organization",
    targetId: organization.id,
    ip: entry.requestMeta?.ip,
    requestId: entry.requestMeta?.requestId,
    details: {
      code: organization.code,
      name: organization.name,
      version: organization.version,
      ...(entry.changed && { changed: entry.changed }),
      ...(entry.reason && { reason: entry.reason }),
    },
  });
}
