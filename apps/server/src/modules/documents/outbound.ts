import type { BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import { newId } from "../../core/ids.ts";
import { documentsDb } from "./documents-tables.ts";

/**
 * Queues a signed edXML package (a document or a status message) for another agency. The package
 * is stored as a blob and the row written in the caller's transaction, so a package is queued
 * exactly when the action that produced it commits; the idempotency key (e.g. the document id and
 * the recipient's code) makes a repeated action queue nothing new, and travels with the package
 * so the receiver recognises a repeated delivery.
 */
export async function queuePackage(
  db: Db,
  blobs: BlobStore,
  item: {
    organizationId: string;
    kind: "edoc" | "status";
    toCode: string;
    xml: string | Uint8Array;
    idempotencyKey: string;
    documentId?: string | null;
    recipientId?: string | null;
  },
): Promise<{ id: string; packageSha256: string; queued: boolean }> {
  const blob = await blobs.put(
    typeof item.xml === "string" ? new TextEncoder().encode(item.xml) : item.xml,
  );
  const id = newId();
  const inserted = await documentsDb(db)
    .insertInto("doc_outbound")
    .values({
      id,
      organization_id: item.organizationId,
      document_id: item.documentId ?? null,
      recipient_id: item.recipientId ?? null,
      kind: item.kind,
      to_code: item.toCode,
      package_sha256: blob.sha256,
      idempotency_key: item.idempotencyKey,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { id, packageSha256: blob.sha256, queued: true };
  const existing = await documentsDb(db)
    .selectFrom("doc_outbound")
    .select(["id", "package_sha256"])
    .where("idempotency_key", "=", item.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, packageSha256: existing.package_sha256, queued: false };
}
