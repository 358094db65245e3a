import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { foldVietnamese, searchTerms } from "../../core/text.ts";
import { getOrganization } from "../directory/index.ts";
import { buildSymbol } from "./document-types.ts";
import { checkEntryInput, isCalendarDate, vietnamToday } from "./register-rules.ts";
import type { EntryFilterInput, EntryInput, Register, RegisterEntry } from "./register-schema.ts";
import { insertEntry, selectEntries, selectEntry, takeNextNumber } from "./registers-repo.ts";
import {
  getRegister,
  inTransaction,
  isUniqueViolation,
  requireManager,
} from "./register-access.ts";

export type { EntryInput, RegisterEntry } from "./register-schema.ts";

export const closedRegister = () =>
  new AppError("unprocessable", {
    detail: {
      vi: "Sổ đã khóa; mở lại sổ để đăng ký hoặc đính chính.",
      en: "The register is closed; reopen it to register or correct documents.",
    },
  });

/**
 * The folded words searched: the symbol whole and in its parts (`2/bnv-vp 2 bnv vp`), the subject
 * and the counterpart; a query word must begin one of them.
 */
export const searchTextOf = (entry: {
  symbol: string;
  subject: string;
  counterpart?: string | null;
}) =>
  foldVietnamese(
    [entry.symbol, entry.symbol.replace(/[/-]/g, " "), entry.subject, entry.counterpart ?? ""].join(
      " ",
    ),
  );

const blankToNull = (value: string | null | undefined) => value?.trim() || null;

/**
 * Registers a document: takes the register's next number under a row lock (`update … returning`)
 * in the same transaction that inserts the entry, so concurrent registrations never share or skip
 * a number; builds an outgoing symbol from the organization's short name. An incoming document
 * keeps the sender's symbol and is numbered in the register of the year it arrived.
 */
export async function registerEntry(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  input: EntryInput;
  requestMeta?: RequestMeta;
}): Promise<RegisterEntry> {
  const actor = requireActor(options.actor);
  const { input } = options;
  return inTransaction(options.db, async (trx) => {
    const register = await getRegister(trx, actor, options.registerId);
    requireManager(actor, register.organizationId);
    const receivedOn =
      register.direction === "incoming" ? (input.receivedOn ?? vietnamToday()) : null;
    const typeCode = checkEntryInput(register, { ...input, receivedOn });
    if (register.status !== "open") throw closedRegister();
    const number = await takeNextNumber(trx, register.id);
    if (number === undefined) throw closedRegister();
    const organization = await getOrganization({ db: trx, id: register.organizationId });
    const symbol =
      register.direction === "outgoing"
        ? buildSymbol({ number, typeCode, issuer: organization!.shortName, unit: input.unit })
        : input.symbol!.trim();
    const fields = {
      subject: input.subject.trim(),
      signer: blankToNull(input.signer),
      counterpart: blankToNull(input.counterpart),
      internal_recipient: blankToNull(input.internalRecipient),
    };
    const entry = await insertEntry(trx, {
      id: newId(),
      register_id: register.id,
      organization_id: register.organizationId,
      year: register.year,
      direction: register.direction,
      kind: register.kind,
      number,
      symbol,
      document_date: input.documentDate,
      received_on: receivedOn,
      type_code: typeCode,
      ...fields,
      urgency: input.urgency ?? "normal",
      confidentiality: input.confidentiality ?? "none",
      copies: input.copies ?? null,
      pages: input.pages ?? null,
      notes: blankToNull(input.notes),
      search_text: searchTextOf({ symbol, ...fields }),
    }).catch((error: unknown) => {
      throw isUniqueViolation(error)
        ? new AppError("conflict", {
            detail: {
              vi: `Ký hiệu ${symbol} đã được dùng.`,
              en: `Symbol ${symbol} is already used.`,
            },
          })
        : error;
    });
    await recordAudit(trx, {
      action: "documents.entry_registered",
      actor,
      organizationId: register.organizationId,
      targetType: "document_register_entry",
      targetId: entry.id,
      ...options.requestMeta,
      details: { registerId: register.id, number, symbol },
    });
    return entry;
  });
}

export type EntryListOptions = EntryFilterInput & {
  db: Db;
  actor: Actor | null;
  registerId: string;
  order?: "asc" | "desc";
  cursor?: string | undefined;
  limit?: number;
};

const isNumberKey = (key: unknown): key is [number] =>
  Array.isArray(key) && key.length === 1 && Number.isInteger(key[0]);

function entryFilter(register: Register, filter: EntryFilterInput) {
  for (const [name, value] of [
    ["from", filter.from],
    ["to", filter.to],
  ] as const)
    if (value !== undefined && !isCalendarDate(value))
      throw new AppError("validation_failed", {
        errors: [{ path: `querystring.${name}`, message: "must be a date YYYY-MM-DD" }],
      });
  return {
    registerId: register.id,
    terms: filter.q ? searchTerms(filter.q) : [],
    from: filter.from,
    to: filter.to,
    typeCode: filter.typeCode,
  };
}

/**
 * A page of a register's entries by number, filtered by words of the symbol, subject or
 * counterpart (accents optional), document dates and type.
 */
export async function listEntries(options: EntryListOptions) {
  const register = await getRegister(options.db, options.actor, options.registerId);
  const limit = options.limit ?? 50;
  const after = options.cursor ? decodeCursor(options.cursor, isNumberKey)[0] : undefined;
  const rows = await selectEntries(options.db, {
    ...entryFilter(register, options),
    order: options.order ?? "asc",
    afterNumber: after,
    limit: limit + 1,
  });
  return toPage(rows, limit, (entry) => [entry.number]);
}

/**
 * Every matching entry in number order, fetched in batches of `batch` so an export of a large
 * register streams without holding it in memory. The register is checked before the first batch.
 */
export async function readEntries(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  filter: EntryFilterInput;
  batch?: number;
}): Promise<{ register: Register; entries: AsyncIterable<RegisterEntry> }> {
  const register = await getRegister(options.db, options.actor, options.registerId);
  const filter = entryFilter(register, options.filter);
  const batch = options.batch ?? 500;
  async function* entries() {
    let afterNumber: number | undefined;
    for (;;) {
      const rows = await selectEntries(options.db, {
        ...filter,
        order: "asc",
        afterNumber,
        limit: batch,
      });
      yield* rows;
      if (rows.length < batch) return;
      afterNumber = rows[rows.length - 1]!.number;
    }
  }
  return { register, entries: entries() };
}

export async function getEntry(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  entryId: string;
}): Promise<RegisterEntry> {
  const register = await getRegister(options.db, options.actor, options.registerId);
  const entry = isUuid(options.entryId)
    ? await selectEntry(options.db, register.id, options.entryId)
    : undefined;
  if (!entry) throw new AppError("not_found");
  return entry;
}
