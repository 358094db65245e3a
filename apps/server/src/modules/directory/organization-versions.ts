import { actorLabel, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { publishEvent } from "../../core/events.ts";
import { foldVietnamese } from "../../core/text.ts";
import { appendOrganizationVersion, type OrganizationRecord } from "./organizations-repo.ts";
import type { Organization } from "./schema.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";

export type { RequestMeta };

export function withSearchText(organization: Organization): OrganizationRecord {
  return {
    ...organization,
    // The code's groups are words too, so "H01" or "G09" finds every unit under that level-1 code.
    searchText: foldVietnamese(
      `${organization.name} ${organization.shortName} ${organization.code} ${organization.code.replaceAll(".", " ")}`,
    ),
    sortName: foldVietnamese(organization.name),
  };
}

export function present({
  searchText: _s,
  sortName: _n,
  ...organization
}: OrganizationRecord): Organization {
  return organization;
}

export type ChangeEntry = {
  actor: Actor;
  organization: OrganizationRecord;
  change: "created" | "updated" | "retired";
  at: Date;
  requestMeta?: RequestMeta | undefined;
  changed?: string[];
  reason?: string;
};

/** Payload of `directory.organization_changed`, published with every organization change. */
export type OrganizationChangedEvent = {
  organizationId: string;
  code: string;
  change: "created" | "updated" | "retired";
  version: number;
};

/**
 * Keeps the version snapshot, the audit entry and the `directory.organization_changed` event in
 * the caller's transaction, so none of them exists without the change or the change without them.
 */
export async function recordChange(db: Db, entry: ChangeEntry) {
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
  const payload: OrganizationChangedEvent = {
    organizationId: organization.id,
    code: organization.code,
    change,
    version: organization.version,
  };
  await publishEvent(db, { type: "directory.organization_changed", key: organization.id, payload });
}
