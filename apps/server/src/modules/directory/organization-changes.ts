import type { Actor } from "../../core/actor.ts";
import { canonicalJson } from "../../core/canonical-json.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { assertAgencyCode } from "./agency-code.ts";
import { vietnamToday } from "./dates.ts";
import {
  checkNewParent,
  requireActiveParent,
  requireAdminUnit,
  requireFreeCode,
  retiredError,
  saveGuarded,
} from "./organization-rules.ts";
import { requireOrganizationAdmin } from "./organization-scope.ts";
import {
  present,
  recordChange,
  withSearchText,
  type RequestMeta,
} from "./organization-versions.ts";
import {
  countActiveChildren,
  insertOrganization,
  selectOrganizationById,
  updateOrganization as writeOrganization,
} from "./organizations-repo.ts";
import type { Organization, OrganizationChanges, OrganizationInput } from "./schema.ts";
import { inTransaction } from "./transaction.ts";

export type { RequestMeta } from "./organization-versions.ts";

export type CreateOrganizationOptions = {
  db: Db;
  actor: Actor | null | undefined;
  input: OrganizationInput;
  requestMeta?: RequestMeta;
};

/** Registers an organization: system administrators anywhere, org_admins below their own organization. */
export async function createOrganization({
  db,
  actor,
  input,
  requestMeta,
}: CreateOrganizationOptions): Promise<Organization> {
  const code = input.code.trim();
  return inTransaction(db, async (trx) => {
    const known = await requireOrganizationAdmin({
      db: trx,
      actor,
      organizationId: input.parentId ?? null,
    });
    assertAgencyCode(code);
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
export async function updateOrganization({
  db,
  actor,
  id,
  changes,
  requestMeta,
}: UpdateOrganizationOptions): Promise<Organization> {
  return inTransaction(db, async (trx) => {
    const current = await lockOrganization(trx, actor, id);
    const known = await requireOrganizationAdmin({ db: trx, actor, organizationId: id });
    if (changes.code !== undefined) assertAgencyCode(changes.code.trim());
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
    if (changed.includes("adminUnitCode") && next.adminUnitCode)
      await requireAdminUnit(trx, next.adminUnitCode);
    if (changed.includes("code")) await requireFreeCode(trx, next.code);
    const organization = withSearchText({ ...next, version: current.version + 1 });
    const at = new Date();
    await saveGuarded(() => writeOrganization(trx, organization, at), organization.code);
    await recordChange(trx, {
      actor: known,
      organization,
      change: "updated",
      at,
      requestMeta,
      changed,
    });
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
export async function retireOrganization({
  db,
  actor,
  id,
  reason,
  requestMeta,
}: RetireOrganizationOptions): Promise<Organization> {
  return inTransaction(db, async (trx) => {
    const current = await lockOrganization(trx, actor, id);
    const known = await requireOrganizationAdmin({ db: trx, actor, organizationId: id });
    if (
      known.kind === "user" &&
      !known.roles.includes("system_admin") &&
      known.organizationId === id
    ) {
      throw new AppError("forbidden", {
        detail: {
          vi: "Không thể tự giải thể cơ quan của chính mình.",
          en: "You cannot retire your own organization.",
        },
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
    const organization = withSearchText({
      ...current,
      status: "retired",
      validTo: vietnamToday(),
      version: current.version + 1,
    });
    const at = new Date();
    await writeOrganization(trx, organization, at);
    await recordChange(trx, {
      actor: known,
      organization,
      change: "retired",
      at,
      requestMeta,
      reason: reason.trim(),
    });
    return present(organization);
  });
}

async function lockOrganization(
  db: Db,
  actor: Actor | null | undefined,
  id: string,
): Promise<Organization> {
  if (!actor) throw new AppError("unauthenticated");
  const found = isUuid(id) ? await selectOrganizationById(db, id, { forUpdate: true }) : undefined;
  if (!found) throw new AppError("not_found");
  return found;
}
