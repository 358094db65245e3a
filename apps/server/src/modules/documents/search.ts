import type { Actor } from "../../core/actor.ts";
import { hasRole, requireActor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import { isUuid } from "../../core/ids.ts";
import { foldVietnamese, searchTerms } from "../../core/text.ts";
import { toSummary, type Direction, type DocumentSummary } from "./documents.ts";
import { selectSearchHits, type SearchRow } from "./search-repo.ts";

/** Where the snippet comes from, with the spans of the query's words in it. */
export type SearchSnippet = {
  field: "subject" | "symbol" | "sender" | "content";
  text: string;
  highlights: { start: number; length: number }[];
};

export type SearchHit = DocumentSummary & { snippet: SearchSnippet | null };

export type SearchQuery = {
  q?: string | undefined;
  /** Another organization's documents: system administrators only. */
  organizationId?: string | undefined;
  direction?: Direction | undefined;
  status?: string | undefined;
  typeCode?: string | undefined;
  urgency?: string | undefined;
  /** Document dates, inclusive, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  senderCode?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
};

const MAX_TERMS = 12;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/**
 * Newest documents looked at before the trigram index is asked: a word in one document of
 * twenty fills a page of 20 within them, and reading them costs a few milliseconds (measured in
 * bench/document-search.bench.ts; 2,000 made rare words three times slower).
 */
const RECENT_WINDOW = 500;

const isKey = (key: unknown): key is [string, string] =>
  Array.isArray(key) &&
  key.length === 2 &&
  typeof key[0] === "string" &&
  !Number.isNaN(Date.parse(key[0])) &&
  typeof key[1] === "string" &&
  isUuid(key[1]);

const invalid = (path: string, vi: string, en: string) =>
  new AppError("validation_failed", {
    errors: [{ path, message: en }],
    detail: { vi, en },
  });

/**
 * Spans of `text` where a word starts with one of `terms`, found on the folded text: folding an
 * NFC character gives one character, so positions carry over to the original.
 */
function highlight(text: string, terms: string[]): SearchSnippet["highlights"] {
  const original = text.normalize("NFC");
  const folded = [...original].map((c) => foldVietnamese(c) || c).join("");
  if (folded.length !== original.length) return [];
  const spans: SearchSnippet["highlights"] = [];
  for (const term of terms) {
    let at = folded.indexOf(term);
    while (at >= 0) {
      if (at === 0 || !/[\p{L}\p{N}]/u.test(folded[at - 1]!)) {
        spans.push({ start: at, length: term.length });
        break;
      }
      at = folded.indexOf(term, at + 1);
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * The snippet shown under a hit: of subject, symbol, sender and the extracted text around the
 * first word found there, the one where most query words start a word (the first on a tie).
 */
function snippetOf(row: SearchRow, terms: string[]): SearchSnippet | null {
  if (terms.length === 0) return null;
  const fields = [
    ["subject", row.subject],
    ["symbol", row.symbol],
    ["sender", row.sender_name],
    ["content", row.excerpt],
  ] as const;
  let best: SearchSnippet | null = null;
  for (const [field, text] of fields) {
    if (!text) continue;
    const highlights = highlight(text, terms);
    if (highlights.length > (best?.highlights.length ?? 0))
      best = { field, text: text.normalize("NFC"), highlights };
  }
  return best;
}

/**
 * Full-text search over an organization's documents: accent-insensitive ("cong van" finds "Công
 * văn"), every word of `q` must begin a word of the subject, summary, symbol ("15", "qd-bnv",
 * "15/qđ-bnv"), number, sender's name or code, or the text extracted from the document's PDFs.
 * Filters narrow it; hits come newest first (by arrival or drafting time), in cursor pages.
 *
 * Who sees what is the rule of `canReadDocument`: people of the organization; secret documents
 * only its leaders, clerks and administrators and their creator; system administrators any
 * organization's, by `organizationId` (anyone else asking for another organization gets
 * `not_found`, as for `listDocuments`).
 */
export async function searchDocuments(
  db: Db,
  actorOrNull: Actor | null,
  query: SearchQuery,
): Promise<{ items: SearchHit[]; nextCursor: string | null }> {
  const actor = requireActor(actorOrNull);
  const admin = actor.kind === "system" || actor.roles.includes("system_admin");
  const organizationId =
    query.organizationId ?? (actor.kind === "user" ? actor.organizationId : undefined);
  if (!organizationId)
    throw invalid(
      "querystring.organizationId",
      "Cần chọn cơ quan.",
      "An organization is required.",
    );
  if (!admin && actor.kind === "user" && actor.organizationId !== organizationId)
    throw new AppError("not_found");
  if (query.from && query.to && query.from > query.to)
    throw invalid(
      "querystring.from",
      "Ngày bắt đầu phải trước ngày kết thúc.",
      "`from` must not be after `to`.",
    );
  const terms = [...new Set(searchTerms(query.q ?? ""))];
  if (terms.length > MAX_TERMS)
    throw invalid(
      "querystring.q",
      `Tìm với nhiều nhất ${MAX_TERMS} từ.`,
      `Search with at most ${MAX_TERMS} words.`,
    );
  const limit = Math.min(MAX_LIMIT, Math.max(1, query.limit ?? DEFAULT_LIMIT));
  const filter = {
    organizationId,
    terms,
    direction: query.direction,
    status: query.status,
    typeCode: query.typeCode,
    urgency: query.urgency,
    from: query.from,
    to: query.to,
    senderCode: query.senderCode,
    includeSecret: admin || hasRole(actor, "leader", "clerk", "org_admin"),
    creatorId: actor.kind === "user" ? actor.userId : undefined,
    before: query.cursor ? decodeCursor(query.cursor, isKey) : undefined,
    limit: limit + 1,
  };
  let rows = await selectSearchHits(db, {
    ...filter,
    window: terms.length > 0 ? RECENT_WINDOW : undefined,
  });
  if (terms.length > 0 && rows.length <= limit) rows = await selectSearchHits(db, filter);
  const page = toPage(rows, limit, (row) => [row.created_key, row.id]);
  return {
    items: page.items.map((row) => ({ ...toSummary(row), snippet: snippetOf(row, terms) })),
    nextCursor: page.nextCursor,
  };
}
