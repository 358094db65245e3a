import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import { readableDocument, recordEvent } from "./documents.ts";
import type { DocumentRow } from "./documents-repo.ts";
import { incomingDocument } from "./incoming-access.ts";
import { inTransaction } from "./incoming-common.ts";
import { toAssignment } from "./incoming-handling.ts";
import { insertComment, insertLink, selectComments, selectLinks } from "./incoming-repo.ts";

const invalid = (path: string, vi: string, en: string) =>
  new AppError("validation_failed", { detail: { vi, en }, errors: [{ path, message: en }] });

export type Comment = { id: string; author: string; body: string; createdAt: string };

/** Anyone working on the document comments on it; the comment joins the timeline too. */
export async function addComment(options: {
  db: Db;
  actor: Actor | null;
  id: string;
  body: string;
  requestMeta?: RequestMeta;
}): Promise<Comment> {
  const actor = requireActor(options.actor);
  const { row } = await incomingDocument(options.db, actor, options.id);
  const body = options.body.trim();
  if (!body)
    throw invalid("body.body", "Ý kiến không được để trống.", "A comment cannot be empty.");
  return inTransaction(options.db, async (trx) => {
    const comment = await insertComment(trx, {
      id: newId(),
      document_id: row.id,
      author_id: actor.kind === "user" ? actor.userId : null,
      author_label: actor.kind === "user" ? actor.displayName : actorLabel(actor),
      body: body.slice(0, 4000),
    });
    await recordEvent(trx, {
      documentId: row.id,
      actor,
      action: "commented",
      status: row.status,
      note: comment.body,
    });
    await recordAudit(trx, {
      action: "documents.incoming_commented",
      actor,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      ...options.requestMeta,
      details: { commentId: comment.id },
    });
    return toComment(comment);
  });
}

const toComment = (c: {
  id: string;
  author_label: string;
  body: string;
  created_at: Date;
}): Comment => ({
  id: c.id,
  author: c.author_label,
  body: c.body,
  createdAt: new Date(c.created_at).toISOString(),
});

/**
 * Links a related document of the same organization (the document this one answers, an earlier
 * one on the same matter); both must be readable by the actor. Linking twice changes nothing.
 */
export async function linkDocument(options: {
  db: Db;
  actor: Actor | null;
  id: string;
  relatedId: string;
  note?: string | undefined;
  requestMeta?: RequestMeta;
}): Promise<{ linked: boolean }> {
  const actor = requireActor(options.actor);
  const { row } = await incomingDocument(options.db, actor, options.id);
  let related: DocumentRow;
  try {
    related = await readableDocument(options.db, actor, options.relatedId);
  } catch {
    throw invalid(
      "body.relatedId",
      "Không tìm thấy văn bản liên quan.",
      "The related document was not found.",
    );
  }
  if (related.id === row.id || related.organization_id !== row.organization_id)
    throw invalid(
      "body.relatedId",
      "Không liên kết được văn bản này.",
      "This document cannot be linked.",
    );
  return inTransaction(options.db, async (trx) => {
    const linked = await insertLink(trx, {
      document_id: row.id,
      related_id: related.id,
      note: options.note?.trim() || null,
      created_by: actor.kind === "user" ? actor.userId : null,
    });
    if (!linked) return { linked };
    await recordEvent(trx, {
      documentId: row.id,
      actor,
      action: "linked",
      status: row.status,
      note: related.symbol ? `${related.symbol} — ${related.subject}` : related.subject,
      details: { relatedId: related.id },
    });
    await recordAudit(trx, {
      action: "documents.incoming_linked",
      actor,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      ...options.requestMeta,
      details: { relatedId: related.id },
    });
    return { linked };
  });
}

/** What the handling page shows beyond the document: the current assignment, comments, links. */
export async function getHandling(options: { db: Db; actor: Actor | null; id: string }) {
  const { row, assignment } = await incomingDocument(options.db, options.actor, options.id);
  const [comments, links] = await Promise.all([
    selectComments(options.db, row.id),
    selectLinks(options.db, row.id),
  ]);
  return {
    assignment: assignment ? toAssignment(assignment) : null,
    comments: comments.map(toComment),
    links: links.map((l) => ({
      id: l.id,
      direction: l.direction,
      subject: l.subject,
      symbol: l.symbol,
      note: l.note,
      linkedAt: new Date(l.created_at).toISOString(),
    })),
  };
}
