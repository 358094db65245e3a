import { requireActor, requireRole, type Actor } from "../../core/actor.ts";
import { readAuditHead } from "../../core/audit-head.ts";
import { searchAudit, verifyAuditChain, type AuditRecord } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { organizationSubtreeIds } from "../directory/index.ts";

export type AuditEvent = Omit<AuditRecord, "at" | "prevHash" | "hash"> & { at: string };

export type ListAuditEventsOptions = {
  db: Db;
  actor: Actor | null | undefined;
  action?: string;
  actorId?: string;
  organizationId?: string;
  outcome?: "success" | "failure";
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
};

/** The cursor is the `seq` of the last row returned, opaque to clients. */
function encodeCursor(seq: number): string {
  return Buffer.from(String(seq)).toString("base64url");
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (/^[1-9][0-9]{0,15}$/.test(text)) return Number(text);
  throw new AppError("validation_failed", {
    errors: [{ path: "querystring.cursor", message: "invalid cursor" }],
    detail: { vi: "Con trỏ phân trang không hợp lệ.", en: "The pagination cursor is not valid." },
  });
}

/**
 * The organizations whose entries the actor may read: every one (`undefined`) for system
 * administrators and the platform itself; their organization's subtree for organization
 * administrators and security operators; nobody else reads the audit trail.
 */
async function readableOrganizations(db: Db, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return undefined;
  if (!actor.roles.some((role) => role === "org_admin" || role === "security_operator")) {
    throw new AppError("forbidden");
  }
  return organizationSubtreeIds({ db, organizationId: actor.organizationId });
}

/** Newest first. Entries without an organization (platform-wide) are for system administrators. */
export async function listAuditEvents(options: ListAuditEventsOptions) {
  const { db, limit } = options;
  const actor = requireActor(options.actor);
  let organizationIds = await readableOrganizations(db, actor);
  if (options.organizationId) {
    if (organizationIds && !organizationIds.includes(options.organizationId)) {
      throw new AppError("forbidden", {
        detail: {
          vi: "Bạn không có quyền xem nhật ký của cơ quan này.",
          en: "You may not read the audit trail of this organization.",
        },
      });
    }
    organizationIds = [options.organizationId];
  }
  const rows = await searchAudit(db, {
    ...(options.action ? { action: options.action } : {}),
    ...(options.actorId ? { actorId: options.actorId } : {}),
    ...(organizationIds ? { organizationIds } : {}),
    ...(options.outcome ? { outcome: options.outcome } : {}),
    ...(options.from ? { from: new Date(options.from) } : {}),
    ...(options.to ? { to: new Date(options.to) } : {}),
    ...(options.cursor ? { beforeSeq: decodeCursor(options.cursor) } : {}),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentAuditEvent),
    nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null,
  };
}

function presentAuditEvent(record: AuditRecord): AuditEvent {
  return {
    seq: record.seq,
    id: record.id,
    at: record.at.toISOString(),
    action: record.action,
    outcome: record.outcome,
    actorId: record.actorId,
    actorName: record.actorName,
    organizationId: record.organizationId,
    targetType: record.targetType,
    targetId: record.targetId,
    ip: record.ip,
    requestId: record.requestId,
    details: record.details,
  };
}

export type VerifyAuditTrailOptions = {
  db: Db;
  actor: Actor | null | undefined;
  /** The head recorded outside the database, when this process has one (`ModuleContext.auditHead`). */
  auditHead?: { file: string } | undefined;
};

/**
 * Checks the whole hash chain, and that it still reaches the head recorded outside the database;
 * only system administrators (and the local CLI) may.
 */
export async function verifyAuditTrail({ db, actor, auditHead }: VerifyAuditTrailOptions) {
  requireRole(actor, "system_admin");
  return verifyAuditChain(db, { anchor: auditHead && readAuditHead(auditHead.file) });
}
