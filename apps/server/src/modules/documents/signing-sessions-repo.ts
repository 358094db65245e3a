import type { Generated, Kysely, Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";

/** The layout of a prepared signature, enough to embed the signature later. */
export type PreparedLayout = {
  byteRange: [number, number, number, number];
  contents: { start: number; length: number };
  digest: "sha1" | "sha256" | "sha384" | "sha512";
  /** Base64 of the DER signed attributes the signer's device signs. */
  signedAttributes: string;
  /** Base64 of the content digest the signed attributes carry. */
  contentDigest: string;
  page: number;
  rect: { x: number; y: number; width: number; height: number };
};

export type SigningSessionTable = {
  id: string;
  document_id: string;
  document_version: number;
  draft_file_id: string;
  prepared_sha256: string;
  layout: PreparedLayout;
  certificate: string;
  algorithm: string;
  signer: { name?: string; position?: string; competence?: string };
  created_by: string;
  created_at: Generated<Date>;
  expires_at: Date;
  completed_at: Generated<Date | null>;
};

export type SigningSessionRow = Selectable<SigningSessionTable>;

const t = (db: Db) => db as unknown as Kysely<{ doc_signing_sessions: SigningSessionTable }>;

export async function insertSigningSession(
  db: Db,
  row: Omit<SigningSessionRow, "created_at" | "completed_at">,
) {
  await t(db)
    .insertInto("doc_signing_sessions")
    .values({
      ...row,
      layout: JSON.stringify(row.layout) as never,
      signer: JSON.stringify(row.signer) as never,
    })
    .execute();
}

export async function selectSigningSession(db: Db, documentId: string, id: string) {
  return t(db)
    .selectFrom("doc_signing_sessions")
    .selectAll()
    .where("id", "=", id)
    .where("document_id", "=", documentId)
    .executeTakeFirst();
}

/** Marks the session used; false when it was used meanwhile (a second completion). */
export async function completeSigningSession(db: Db, id: string): Promise<boolean> {
  const done = await t(db)
    .updateTable("doc_signing_sessions")
    .set({ completed_at: new Date() })
    .where("id", "=", id)
    .where("completed_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return done !== undefined;
}
