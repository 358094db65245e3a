import { sql, type Kysely, type Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import { escapeLike } from "../../core/text.ts";
import type { DocumentRow } from "./documents-repo.ts";
import type { DocumentsTables } from "./documents-tables.ts";

/** The search tables (migration `20261129-1800-search.ts`); only this file writes their SQL. */
type SearchTables = DocumentsTables & {
  doc_search: { document_id: string; meta: string; content: string };
  doc_file_texts: {
    file_id: string;
    document_id: string;
    state: "pending" | "done" | "none";
    attempts: number;
    chars: number | null;
    text_sha256: string | null;
    queued_at: Date;
    extracted_at: Date | null;
  };
};

const tables = (db: Db) => db as unknown as Kysely<SearchTables>;

export type SearchFilter = {
  organizationId: string;
  /** Folded words; each must begin a word of the metadata or of the extracted text. */
  terms: string[];
  direction?: "outgoing" | "incoming" | undefined;
  status?: string | undefined;
  typeCode?: string | undefined;
  urgency?: string | undefined;
  /** Document dates, inclusive, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  senderCode?: string | undefined;
  /** Secret documents are left out, except those created by `creatorId`, unless true. */
  includeSecret: boolean;
  creatorId?: string | undefined;
  /** Keyset: documents created before this (created_at, id). */
  before?: [string, string] | undefined;
  limit: number;
};

export type SearchRow = DocumentRow & {
  /** About 240 characters of the extracted text around the first word found there, or null. */
  excerpt: string | null;
  /** `created_at` to the microsecond, for the page cursor (a JavaScript Date keeps milliseconds). */
  created_key: string;
};

/** The keyset's time as text to the microsecond: a cursor rounded to milliseconds skips rows. */
const createdKey = sql<string>`to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/-]/g;

/**
 * One query word as two conditions on the searched text: a LIKE that the trigram index answers,
 * and a regular expression that keeps only matches at the start of a word ("15" finds
 * "15/qđ-bnv" but not "2015").
 */
function wordCondition(term: string) {
  const body = sql`(s.meta || ' ' || s.content)`;
  const startOfWord = `(^|[^[:alnum:]])${term.replace(REGEX_SPECIAL, "\\$&")}`;
  return sql<boolean>`(${body} like ${`%${escapeLike(term)}%`} and ${body} ~ ${startOfWord})`;
}

function filtered(db: Db, filter: SearchFilter) {
  let query = tables(db)
    .selectFrom("doc_documents as d")
    .where("d.organization_id", "=", filter.organizationId);
  if (filter.direction) query = query.where("d.direction", "=", filter.direction);
  if (filter.status) query = query.where("d.status", "=", filter.status);
  if (filter.typeCode) query = query.where("d.type_code", "=", filter.typeCode);
  if (filter.urgency) query = query.where("d.urgency", "=", filter.urgency);
  if (filter.from) query = query.where("d.document_date", ">=", filter.from);
  if (filter.to) query = query.where("d.document_date", "<=", filter.to);
  if (filter.senderCode) query = query.where("d.sender_code", "=", filter.senderCode);
  if (!filter.includeSecret) {
    const creatorId = filter.creatorId;
    query = query.where((eb) =>
      creatorId
        ? eb.or([eb("d.confidentiality", "=", "none"), eb("d.created_by", "=", creatorId)])
        : eb("d.confidentiality", "=", "none"),
    );
  }
  if (filter.before) {
    const [at, id] = filter.before;
    query = query.where(sql<boolean>`(d.created_at, d.id) < (${at}::timestamptz, ${id})`);
  }
  return query;
}

/**
 * Documents of one organization matching every word and filter, newest first.
 *
 * With `window`, only the newest `window` documents passing the filters are looked at, in date
 * order, stopping at `limit` hits: the fast way for common words. Without, the trigram index
 * finds every match and the newest are kept: the fast way for rare words. The planner cannot
 * tell the two apart (it has no statistics on the words), so the service tries the first and
 * falls back to the second.
 */
export async function selectSearchHits(
  db: Db,
  filter: SearchFilter & { window?: number | undefined },
): Promise<SearchRow[]> {
  const excerpt =
    filter.terms.length === 0
      ? sql<string | null>`null`
      : sql<string | null>`(select substr(s.content, greatest(1, min(p) - 80), 240)
          from (select nullif(strpos(s.content, t), 0) as p
                from unnest(${sql.val(filter.terms)}::text[]) as t) as found)`;
  let query =
    filter.window === undefined
      ? filtered(db, filter)
          .innerJoin("doc_search as s", "s.document_id", "d.id")
          .selectAll("d")
          .select([excerpt.as("excerpt"), createdKey.as("created_key")])
      : tables(db)
          .selectFrom(
            filtered(db, filter)
              .selectAll("d")
              .orderBy("d.created_at", "desc")
              .orderBy("d.id", "desc")
              .limit(filter.window)
              .as("d"),
          )
          // A lateral lookup per document, in date order, so that the scan stops at `limit`
          // hits; `offset 0` keeps the planner from turning it into a hash join over the table.
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom("doc_search")
                .select(["meta", "content"])
                .whereRef("doc_search.document_id", "=", "d.id")
                .offset(0)
                .as("s"),
            (join) => join.onTrue(),
          )
          .selectAll("d")
          .select([excerpt.as("excerpt"), createdKey.as("created_key")]);
  for (const term of filter.terms) query = query.where(wordCondition(term));
  return query
    .orderBy("d.created_at", "desc")
    .orderBy("d.id", "desc")
    .limit(filter.limit)
    .execute() as Promise<SearchRow[]>;
}

export type PendingFileText = { fileId: string; documentId: string; sha256: string };

/** PDF files still waiting for their text, oldest first. */
export async function selectPendingFileTexts(db: Db, limit: number): Promise<PendingFileText[]> {
  const rows = await tables(db)
    .selectFrom("doc_file_texts as t")
    .innerJoin("doc_files as f", "f.id", "t.file_id")
    .select(["t.file_id", "t.document_id", "f.sha256"])
    .where("t.state", "=", "pending")
    .orderBy("t.queued_at")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ fileId: r.file_id, documentId: r.document_id, sha256: r.sha256 }));
}

/**
 * Records a file's extracted text: appended to its document's searchable content (up to
 * `maxChars` in all) unless another file of the document gave the same text (a draft and its
 * signed copy).
 */
export async function recordFileText(
  db: Db,
  file: { fileId: string; documentId: string; text: string; sha256: string; maxChars: number },
): Promise<void> {
  const duplicate = await tables(db)
    .selectFrom("doc_file_texts")
    .select("file_id")
    .where("document_id", "=", file.documentId)
    .where("text_sha256", "=", file.sha256)
    .where("state", "=", "done")
    .executeTakeFirst();
  if (!duplicate && file.text.length > 0)
    await sql`update doc_search
      set content = left(case when content = '' then ${file.text}
                              else content || ' ' || ${file.text} end, ${file.maxChars})
      where document_id = ${file.documentId}`.execute(db);
  await tables(db)
    .updateTable("doc_file_texts")
    .set({
      state: "done",
      attempts: sql`attempts + 1`,
      chars: file.text.length,
      text_sha256: file.sha256,
      extracted_at: new Date(),
    })
    .where("file_id", "=", file.fileId)
    .execute();
}

/** Counts a failed attempt; after `maxAttempts` the file is left without text (`none`). */
export async function recordFileTextFailure(db: Db, fileId: string, maxAttempts: number) {
  await sql`update doc_file_texts
    set attempts = attempts + 1,
        state = case when attempts + 1 >= ${maxAttempts} then 'none' else state end,
        extracted_at = case when attempts + 1 >= ${maxAttempts} then now() else null end
    where file_id = ${fileId}`.execute(db);
}

export type FileTextRow = Selectable<SearchTables["doc_file_texts"]>;

export async function selectFileTexts(db: Db, documentId: string): Promise<FileTextRow[]> {
  return tables(db)
    .selectFrom("doc_file_texts")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("queued_at")
    .execute();
}
