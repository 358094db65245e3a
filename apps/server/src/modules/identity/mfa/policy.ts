import { actorLabel, type Actor, type Role } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { getOrganization } from "../../directory/index.ts";
import { requireAdministrable } from "../account-rules.ts";
import type { UserRow } from "../tables.ts";
import { selectPolicies, upsertPolicy } from "./repo.ts";

/** Roles whose holders can change other people's accounts or security posture. */
const ROLES_REQUIRING_SECOND_FACTOR: readonly Role[] = [
  "system_admin",
  "org_admin",
  "security_operator",
];

/** Deeper than any real tree of agencies; only guards against a cycle in bad data. */
const MAX_DEPTH = 32;

export type SecondFactorPolicy = {
  organizationId: string;
  /** This organization's own setting. */
  required: boolean;
  /** The nearest organization above this one that requires a second factor, if any. */
  inheritedFrom: string | null;
  setBy: string | null;
  setAt: string | null;
};

async function organizationAndAncestors(db: Db, organizationId: string): Promise<string[]> {
  const ids: string[] = [];
  let id: string | null = organizationId;
  while (id && !ids.includes(id) && ids.length < MAX_DEPTH) {
    ids.push(id);
    id = (await getOrganization({ db, id }))?.parentId ?? null;
  }
  return ids;
}

/**
 * A policy applies to the organization and everything below it. A unit cannot opt out of what an
 * organization above it requires: `required: false` lower down only records that unit's own choice.
 */
export async function isSecondFactorRequired(db: Db, user: UserRow): Promise<boolean> {
  if (user.roles.some((role) => ROLES_REQUIRING_SECOND_FACTOR.includes(role))) return true;
  const chain = await organizationAndAncestors(db, user.organization_id);
  return (await selectPolicies(db, chain)).some((policy) => policy.required);
}

async function presentPolicy(db: Db, organizationId: string): Promise<SecondFactorPolicy> {
  const chain = await organizationAndAncestors(db, organizationId);
  const policies = await selectPolicies(db, chain);
  const own = policies.find((p) => p.organization_id === organizationId);
  const inheritedFrom = chain
    .slice(1)
    .find((id) => policies.some((p) => p.organization_id === id && p.required));
  return {
    organizationId,
    required: own?.required ?? false,
    inheritedFrom: inheritedFrom ?? null,
    setBy: own?.set_by_name ?? null,
    setAt: own?.set_at.toISOString() ?? null,
  };
}

async function requirePolicyAdministrator(
  db: Db,
  actor: Actor | null | undefined,
  organizationId: string,
): Promise<Actor> {
  const known = await requireAdministrable(db, actor, organizationId);
  if (!(await getOrganization({ db, id: organizationId })))
    throw new AppError("not_found", {
      detail: { vi: "Không tìm thấy cơ quan, tổ chức.", en: "No such organization." },
    });
  return known;
}

export type GetSecondFactorPolicyOptions = {
  db: Db;
  actor: Actor | null | undefined;
  organizationId: string;
};

/** For the administrators of the organization (system administrators, or its org_admin). */
export async function getOrganizationSecondFactorPolicy({
  db,
  actor,
  organizationId,
}: GetSecondFactorPolicyOptions): Promise<SecondFactorPolicy> {
  await requirePolicyAdministrator(db, actor, organizationId);
  return presentPolicy(db, organizationId);
}

export type SetSecondFactorPolicyOptions = GetSecondFactorPolicyOptions & {
  required: boolean;
  meta?: RequestMeta;
  now?: Date;
};

export async function setOrganizationSecondFactorPolicy({
  db,
  actor,
  organizationId,
  required,
  meta = {},
  now = new Date(),
}: SetSecondFactorPolicyOptions): Promise<SecondFactorPolicy> {
  const known = await requirePolicyAdministrator(db, actor, organizationId);
  return db.transaction().execute(async (trx) => {
    const [before] = await selectPolicies(trx, [organizationId]);
    await upsertPolicy(trx, {
      organization_id: organizationId,
      required,
      set_by_id: known.kind === "user" ? known.userId : null,
      set_by_name: actorLabel(known),
      set_at: now,
    });
    await recordAudit(trx, {
      action: "identity.second_factor_policy_changed",
      actor: known,
      organizationId,
      targetType: "organization",
      targetId: organizationId,
      details: { from: before?.required ?? false, to: required },
      ...meta,
    });
    return presentPolicy(trx, organizationId);
  });
}
