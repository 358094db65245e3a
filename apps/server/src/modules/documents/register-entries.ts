import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
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
import {
  CORRECTABLE_FIELDS,
  type EntryCorrection,
  type EntryCorrectionInput,
  type EntryFilterInput,
  type EntryInput,
  type Register,
  type RegisterEntry,
} from "./register-schema.ts";
import {
  insertCorrection,
  insertEntry,
  selectCorrections,
  selectEntries,
  selectEntry,
  takeNextNumber,
  updateEntry,
  type CorrectableColumns,
} from "./registers-repo.ts";
import {
  getRegister,
  inTransaction,
  isUniqueViolation,
  requireManager,
} from "./register-access.ts";

export type { EntryInput, RegisterEntry } from "./register-schema.ts";

const closed = () =>
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
const searchTextOf = (entry: { symbol: string; subject: string; counterpart?: string | null }) =>
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
    if (register.status !== "open") throw closed();
    const number = await takeNextNumber(trx, register.id);
    if (number === undefined) throw closed();
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

export async function listCorrections(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  entryId: string;
}): Promise<EntryCorrection[]> {
  const entry = await getEntry(options);
  return selectCorrections(options.db, entry.id);
}

const COLUMN_OF = {
  subject: "subject",
  signer: "signer",
  counterpart: "counterpart",
  internalRecipient: "internal_recipient",
  copies: "copies",
  pages: "pages",
  notes: "notes",
} as const satisfies Record<(typeof CORRECTABLE_FIELDS)[number], keyof CorrectableColumns>;

/**
 * Corrects (đính chính) an entry's subject, signer, counterpart, internal recipient, copies, pages
 * or notes. Number, symbol, date and type never change: they identify the document. The values
 * replaced are kept in the entry's correction history with the reason, and the correction is
 * audited, both in the transaction that changes the entry.
 */
export async function correctEntry(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  entryId: string;
  input: EntryCorrectionInput;
  requestMeta?: RequestMeta;
}): Promise<RegisterEntry> {
  const actor = requireActor(options.actor);
  const { input } = options;
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError("validation_failed", {
      detail: { vi: "Cần ghi lý do đính chính.", en: "A correction needs a reason." },
    });
  return inTransaction(options.db, async (trx) => {
    const register = await getRegister(trx, actor, options.registerId);
    requireManager(actor, register.organizationId);
    if (register.status !== "open") throw closed();
    const entry = isUuid(options.entryId)
      ? await selectEntry(trx, register.id, options.entryId, { forUpdate: true })
      : undefined;
    if (!entry) throw new AppError("not_found");
    const previous: Record<string, unknown> = {};
    const current: Record<string, unknown> = {};
    const columns: CorrectableColumns = {};
    for (const field of CORRECTABLE_FIELDS) {
      if (input[field] === undefined) continue;
      const raw = input[field];
      const value = typeof raw === "string" ? raw.trim() || null : raw;
      if (field === "subject" && !value)
        throw new AppError("validation_failed", {
          detail: { vi: "Trích yếu không được để trống.", en: "The subject cannot be empty." },
        });
      if (value === entry[field]) continue;
      previous[field] = entry[field];
      current[field] = value;
      Object.assign(columns, { [COLUMN_OF[field]]: value });
    }
    if (Object.keys(current).length === 0)
      throw new AppError("unprocessable", {
        detail: {
          vi: "Nội dung đính chính trùng với nội dung đang có.",
          en: "The correction changes nothing.",
        },
      });
    const correctedAt = new Date();
    const revision = entry.revision + 1;
    const merged = { ...entry, ...current } as RegisterEntry;
    const corrected = await updateEntry(trx, entry.id, {
      ...columns,
      search_text: searchTextOf(merged),
      revision,
      corrected_at: correctedAt,
    });
    await insertCorrection(trx, {
      id: newId(),
      entry_id: entry.id,
      register_id: register.id,
      revision,
      previous,
      current,
      reason,
      corrected_by_id: actor.kind === "user" ? actor.userId : null,
      corrected_by: actorLabel(actor),
      correctedAt,
    });
    await recordAudit(trx, {
      action: "documents.entry_corrected",
      actor,
      organizationId: register.organizationId,
      targetType: "document_register_entry",
      targetId: entry.id,
      ...options.requestMeta,
      details: {
        registerId: register.id,
        number: entry.number,
        symbol: entry.symbol,
        revision,
        fields: Object.keys(current),
      },
    });
    return corrected;
  });
}
