import { sql, type Generated, type Kysely, type Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import { escapeLike } from "../../core/text.ts";
import type {
  Direction,
  EntryCorrection,
  Register,
  RegisterEntry,
  RegisterKind,
  RegisterStatus,
} from "./register-schema.ts";

/** The registers' tables as Kysely sees them; only this file uses them. */
type RegisterTable = {
  id: string;
  organization_id: string;
  direction: Direction;
  year: number;
  kind: RegisterKind;
  name: string;
  status: Generated<RegisterStatus>;
  last_number: Generated<number>;
  created_at: Generated<Date>;
  closed_at: Generated<Date | null>;
};

type EntryTable = {
  id: string;
  register_id: string;
  organization_id: string;
  year: number;
  direction: Direction;
  kind: RegisterKind;
  number: number;
  symbol: string;
  document_date: string;
  received_on: string | null;
  type_code: string;
  subject: string;
  signer: string | null;
  counterpart: string | null;
  internal_recipient: string | null;
  urgency: string;
  confidentiality: string;
  copies: number | null;
  pages: number | null;
  notes: string | null;
  search_text: string;
  revision: Generated<number>;
  created_at: Generated<Date>;
  corrected_at: Generated<Date | null>;
};

type CorrectionTable = {
  id: string;
  entry_id: string;
  register_id: string;
  revision: number;
  previous: unknown;
  current: unknown;
  reason: string;
  corrected_by_id: string | null;
  corrected_by: string;
  corrected_at: Generated<Date>;
};

type Tables = {
  doc_registers: RegisterTable;
  doc_register_entries: EntryTable;
  doc_register_entry_corrections: CorrectionTable;
};

const tables = (db: Db) => db as Kysely<Tables>;

function toRegister(row: Selectable<RegisterTable>): Register {
  return {
    id: row.id,
    organizationId: row.organization_id,
    direction: row.direction,
    year: row.year,
    kind: row.kind,
    name: row.name,
    status: row.status,
    lastNumber: row.last_number,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
  };
}

function toEntry(row: Selectable<EntryTable>): RegisterEntry {
  return {
    id: row.id,
    registerId: row.register_id,
    number: row.number,
    symbol: row.symbol,
    documentDate: row.document_date,
    receivedOn: row.received_on,
    typeCode: row.type_code,
    subject: row.subject,
    signer: row.signer,
    counterpart: row.counterpart,
    internalRecipient: row.internal_recipient,
    urgency: row.urgency as RegisterEntry["urgency"],
    confidentiality: row.confidentiality as RegisterEntry["confidentiality"],
    copies: row.copies,
    pages: row.pages,
    notes: row.notes,
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    correctedAt: row.corrected_at ? row.corrected_at.toISOString() : null,
  };
}

export async function selectRegister(db: Db, id: string): Promise<Register | undefined> {
  const row = await tables(db)
    .selectFrom("doc_registers")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toRegister(row);
}

export type RegisterKey = {
  organizationId: string;
  direction: Direction;
  year: number;
  kind: RegisterKind;
};

export async function selectRegisterByKey(db: Db, key: RegisterKey) {
  const row = await tables(db)
    .selectFrom("doc_registers")
    .selectAll()
    .where("organization_id", "=", key.organizationId)
    .where("direction", "=", key.direction)
    .where("year", "=", key.year)
    .where("kind", "=", key.kind)
    .executeTakeFirst();
  return row && toRegister(row);
}

export async function selectRegisters(
  db: Db,
  filter: { organizationId: string; year?: number; direction?: Direction; kinds: RegisterKind[] },
): Promise<Register[]> {
  let query = tables(db)
    .selectFrom("doc_registers")
    .selectAll()
    .where("organization_id", "=", filter.organizationId)
    .where("kind", "in", filter.kinds)
    .orderBy("year", "desc")
    .orderBy("direction", "desc")
    .orderBy("kind")
    .limit(500);
  if (filter.year !== undefined) query = query.where("year", "=", filter.year);
  if (filter.direction) query = query.where("direction", "=", filter.direction);
  return (await query.execute()).map(toRegister);
}

export async function insertRegister(
  db: Db,
  register: RegisterKey & { id: string; name: string },
): Promise<Register> {
  const row = await tables(db)
    .insertInto("doc_registers")
    .values({
      id: register.id,
      organization_id: register.organizationId,
      direction: register.direction,
      year: register.year,
      kind: register.kind,
      name: register.name,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRegister(row);
}

/**
 * Moves a register to `status` unless it is there already, under the row lock of the update, so
 * two clerks closing at once record one closing. Returns the register, or nothing if unchanged.
 */
export async function updateRegisterStatus(db: Db, id: string, status: RegisterStatus) {
  const row = await tables(db)
    .updateTable("doc_registers")
    .set({ status, closed_at: status === "closed" ? new Date() : null })
    .where("id", "=", id)
    .where("status", "!=", status)
    .returningAll()
    .executeTakeFirst();
  return row && toRegister(row);
}

/**
 * The register's next number, taken with `update … returning`: the row stays locked until the
 * caller's transaction ends, so concurrent registrations queue and neither share nor skip a
 * number. Refuses (returns nothing) when the register is closed, checked under the same lock.
 */
export async function takeNextNumber(db: Db, registerId: string): Promise<number | undefined> {
  const { rows } = await sql<{ last_number: number }>`
    update doc_registers set last_number = last_number + 1
    where id = ${registerId} and status = 'open' returning last_number`.execute(db);
  return rows[0]?.last_number;
}

export type NewEntryRow = Omit<EntryTable, "revision" | "created_at" | "corrected_at">;

export async function insertEntry(db: Db, entry: NewEntryRow): Promise<RegisterEntry> {
  const row = await tables(db)
    .insertInto("doc_register_entries")
    .values(entry)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEntry(row);
}

export type EntryFilter = {
  registerId: string;
  /** Folded search words; each must begin a word of the symbol, subject or counterpart. */
  terms?: string[];
  /** Document dates, inclusive, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  typeCode?: string | undefined;
  order: "asc" | "desc";
  /** Keyset: entries after this number in `order`. */
  afterNumber?: number | undefined;
  limit: number;
};

/** One query for the entry pages of the API and the batches of every export. */
export async function selectEntries(db: Db, filter: EntryFilter): Promise<RegisterEntry[]> {
  let query = tables(db)
    .selectFrom("doc_register_entries")
    .selectAll()
    .where("register_id", "=", filter.registerId)
    .orderBy("number", filter.order)
    .limit(filter.limit);
  for (const term of filter.terms ?? [])
    query = query.where(sql<boolean>`(' ' || search_text) like ${`% ${escapeLike(term)}%`}`);
  if (filter.from) query = query.where("document_date", ">=", filter.from);
  if (filter.to) query = query.where("document_date", "<=", filter.to);
  if (filter.typeCode) query = query.where("type_code", "=", filter.typeCode);
  if (filter.afterNumber !== undefined)
    query = query.where("number", filter.order === "asc" ? ">" : "<", filter.afterNumber);
  return (await query.execute()).map(toEntry);
}

export async function selectEntry(
  db: Db,
  registerId: string,
  entryId: string,
  options: { forUpdate?: boolean } = {},
): Promise<RegisterEntry | undefined> {
  let query = tables(db)
    .selectFrom("doc_register_entries")
    .selectAll()
    .where("register_id", "=", registerId)
    .where("id", "=", entryId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toEntry(row);
}

export type CorrectableColumns = Partial<
  Pick<
    EntryTable,
    "subject" | "signer" | "counterpart" | "internal_recipient" | "copies" | "pages" | "notes"
  >
>;

export async function updateEntry(
  db: Db,
  entryId: string,
  changes: CorrectableColumns & { search_text: string; revision: number; corrected_at: Date },
): Promise<RegisterEntry> {
  const row = await tables(db)
    .updateTable("doc_register_entries")
    .set(changes)
    .where("id", "=", entryId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEntry(row);
}

export async function insertCorrection(
  db: Db,
  correction: Omit<CorrectionTable, "previous" | "current" | "corrected_at"> & {
    previous: Record<string, unknown>;
    current: Record<string, unknown>;
    correctedAt: Date;
  },
): Promise<void> {
  const { previous, current, correctedAt, ...rest } = correction;
  await tables(db)
    .insertInto("doc_register_entry_corrections")
    .values({
      ...rest,
      previous: JSON.stringify(previous),
      current: JSON.stringify(current),
      corrected_at: correctedAt,
    })
    .execute();
}

/** An entry's corrections, newest first. */
export async function selectCorrections(db: Db, entryId: string): Promise<EntryCorrection[]> {
  const rows = await tables(db)
    .selectFrom("doc_register_entry_corrections")
    .selectAll()
    .where("entry_id", "=", entryId)
    .orderBy("revision", "desc")
    .execute();
  return rows.map((row) => ({
    revision: row.revision,
    previous: row.previous as EntryCorrection["previous"],
    current: row.current as EntryCorrection["current"],
    reason: row.reason,
    correctedBy: row.corrected_by,
    correctedAt: row.corrected_at.toISOString(),
  }));
}
