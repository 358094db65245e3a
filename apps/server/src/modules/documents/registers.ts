import { sql } from "kysely";
import type { Actor } from "../../core/actor.ts";
import { hasRole, requireActor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { buildSymbol, isDocumentTypeCode } from "./document-types.ts";

export type Direction = "outgoing" | "incoming";
export type RegisterKind = "ordinary" | "secret";

export type Register = {
  id: string;
  organizationId: string;
  direction: Direction;
  year: number;
  kind: RegisterKind;
  name: string;
  status: "open" | "closed";
  lastNumber: number;
};

export type RegisterEntry = {
  id: string;
  registerId: string;
  number: number;
  symbol: string;
  documentDate: string;
  typeCode: string;
  subject: string;
  signer: string | null;
  counterpart: string | null;
  urgency: string;
  confidentiality: string;
  copies: number | null;
  pages: number | null;
  notes: string | null;
};

const CONFIDENTIALITY = ["none", "mat", "toi_mat", "tuyet_mat"] as const;
const URGENCY = ["normal", "khan", "thuong_khan", "hoa_toc"] as const;

function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Clerks and the organization's administrators manage its registers; others of it read. */
function requireManager(actor: Actor, organizationId: string): void {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return;
  if (actor.organizationId !== organizationId) throw new AppError("not_found");
  if (!hasRole(actor, "clerk", "org_admin"))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ văn thư hoặc quản trị của cơ quan được quản lý sổ văn bản.",
        en: "Only the organization's clerks or administrators manage its registers.",
      },
    });
}

function canRead(actor: Actor, organizationId: string): boolean {
  return (
    actor.kind === "system" ||
    actor.roles.includes("system_admin") ||
    actor.organizationId === organizationId
  );
}

type RegisterRow = {
  id: string;
  organization_id: string;
  direction: Direction;
  year: number;
  kind: RegisterKind;
  name: string;
  status: "open" | "closed";
  last_number: number;
};

function toRegister(row: RegisterRow): Register {
  return {
    id: row.id,
    organizationId: row.organization_id,
    direction: row.direction,
    year: row.year,
    kind: row.kind,
    name: row.name,
    status: row.status,
    lastNumber: row.last_number,
  };
}

export async function createRegister(options: {
  db: Db;
  actor: Actor | null;
  input: {
    organizationId: string;
    direction: Direction;
    year: number;
    kind: RegisterKind;
    name: string;
  };
}): Promise<Register> {
  const actor = requireActor(options.actor);
  const { input } = options;
  requireManager(actor, input.organizationId);
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2999)
    throw new AppError("validation_failed", {
      detail: { vi: "Năm của sổ không hợp lệ.", en: "The register's year is not valid." },
    });
  if (input.name.trim() === "")
    throw new AppError("validation_failed", {
      detail: { vi: "Sổ phải có tên.", en: "A register needs a name." },
    });
  return inTransaction(options.db, async (trx) => {
    const clash = await trx
      .selectFrom("doc_registers")
      .select("id")
      .where("organization_id", "=", input.organizationId)
      .where("direction", "=", input.direction)
      .where("year", "=", input.year)
      .where("kind", "=", input.kind)
      .executeTakeFirst();
    if (clash)
      throw new AppError("conflict", {
        detail: {
          vi: "Cơ quan đã có sổ này cho năm đó.",
          en: "The organization already has this register for that year.",
        },
      });
    const row = (await trx
      .insertInto("doc_registers")
      .values({
        id: newId(),
        organization_id: input.organizationId,
        direction: input.direction,
        year: input.year,
        kind: input.kind,
        name: input.name.trim(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()) as RegisterRow;
    await recordAudit(trx, {
      action: "documents.register_created",
      actor,
      organizationId: input.organizationId,
      targetType: "document_register",
      targetId: row.id,
      details: { direction: row.direction, year: row.year, kind: row.kind },
    });
    return toRegister(row);
  });
}

export async function getRegister(db: Db, actor: Actor | null, id: string): Promise<Register> {
  const known = requireActor(actor);
  const row = (await db
    .selectFrom("doc_registers")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst()) as RegisterRow | undefined;
  if (!row || !canRead(known, row.organization_id)) throw new AppError("not_found");
  return toRegister(row);
}

export type EntryInput = {
  typeCode: string;
  /** Incoming documents only: the sender's number and symbol as printed, e.g. `45/QĐ-BTP`. */
  symbol?: string;
  documentDate: string;
  subject: string;
  unit?: string;
  signer?: string;
  counterpart?: string;
  urgency?: (typeof URGENCY)[number];
  confidentiality?: (typeof CONFIDENTIALITY)[number];
  copies?: number;
  pages?: number;
  notes?: string;
};

/**
 * Registers a document: takes the register's next number under a row lock (`update … returning`)
 * in the same transaction that inserts the entry, so concurrent registrations never share or skip
 * a number; builds the symbol from the organization's short name.
 */
export async function registerEntry(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  input: EntryInput;
}): Promise<RegisterEntry> {
  const actor = requireActor(options.actor);
  const { input } = options;
  if (!isDocumentTypeCode(input.typeCode))
    throw new AppError("validation_failed", {
      detail: {
        vi: `Loại văn bản không hợp lệ: ${input.typeCode}.`,
        en: `Unknown document type: ${input.typeCode}.`,
      },
    });
  const typeCode = input.typeCode;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.documentDate) || input.subject.trim() === "")
    throw new AppError("validation_failed", {
      detail: {
        vi: "Ngày văn bản (YYYY-MM-DD) và trích yếu là bắt buộc.",
        en: "The document date (YYYY-MM-DD) and subject are required.",
      },
    });
  const confidentiality = input.confidentiality ?? "none";
  if (
    !(CONFIDENTIALITY as readonly string[]).includes(confidentiality) ||
    !(URGENCY as readonly string[]).includes(input.urgency ?? "normal")
  )
    throw new AppError("validation_failed", {
      detail: {
        vi: "Độ mật hoặc độ khẩn không hợp lệ.",
        en: "Unknown confidentiality or urgency.",
      },
    });
  return inTransaction(options.db, async (trx) => {
    const register = await getRegister(trx, actor, options.registerId);
    requireManager(actor, register.organizationId);
    if (register.direction === "incoming" && (!input.symbol?.trim() || !input.counterpart?.trim()))
      throw new AppError("validation_failed", {
        detail: {
          vi: "Văn bản đến cần số, ký hiệu và cơ quan gửi.",
          en: "An incoming document needs its number and symbol and its sender.",
        },
      });
    if (register.status !== "open")
      throw new AppError("unprocessable", {
        detail: { vi: "Sổ đã khóa.", en: "The register is closed." },
      });
    if (Number(input.documentDate.slice(0, 4)) !== register.year)
      throw new AppError("unprocessable", {
        detail: {
          vi: `Ngày văn bản không thuộc năm ${register.year} của sổ.`,
          en: `The document date is not in the register's year ${register.year}.`,
        },
      });
    if ((confidentiality === "none") !== (register.kind === "ordinary"))
      throw new AppError("unprocessable", {
        detail: {
          vi: "Văn bản mật được đăng ký vào sổ mật, văn bản thường vào sổ thường.",
          en: "Secret documents go in the secret register, others in the ordinary one.",
        },
      });
    const org = await trx
      .selectFrom("dir_organizations")
      .select("short_name")
      .where("id", "=", register.organizationId)
      .executeTakeFirstOrThrow();
    const counter = await sql<{ last_number: number }>`
      update doc_registers set last_number = last_number + 1
      where id = ${register.id} returning last_number`.execute(trx);
    const number = counter.rows[0]!.last_number;
    const symbol =
      register.direction === "outgoing"
        ? buildSymbol({ number, typeCode, issuer: org.short_name as string, unit: input.unit })
        : (input.symbol ?? "").trim();
    const clash = await trx
      .selectFrom("doc_register_entries")
      .select("id")
      .where("organization_id", "=", register.organizationId)
      .where("year", "=", register.year)
      .where("kind", "=", register.kind)
      .where("direction", "=", "outgoing")
      .where("symbol", "=", symbol)
      .executeTakeFirst();
    if (register.direction === "outgoing" && clash)
      throw new AppError("conflict", {
        detail: { vi: `Ký hiệu ${symbol} đã được dùng.`, en: `Symbol ${symbol} is already used.` },
      });
    const id = newId();
    await trx
      .insertInto("doc_register_entries")
      .values({
        id,
        register_id: register.id,
        organization_id: register.organizationId,
        year: register.year,
        direction: register.direction,
        kind: register.kind,
        number,
        symbol,
        document_date: input.documentDate,
        type_code: typeCode,
        subject: input.subject.trim(),
        signer: input.signer ?? null,
        counterpart: input.counterpart ?? null,
        urgency: input.urgency ?? "normal",
        confidentiality,
        copies: input.copies ?? null,
        pages: input.pages ?? null,
        notes: input.notes ?? null,
      })
      .execute();
    await recordAudit(trx, {
      action: "documents.entry_registered",
      actor,
      organizationId: register.organizationId,
      targetType: "document_register_entry",
      targetId: id,
      details: { registerId: register.id, number, symbol },
    });
    return {
      id,
      registerId: register.id,
      number,
      symbol,
      documentDate: input.documentDate,
      typeCode,
      subject: input.subject.trim(),
      signer: input.signer ?? null,
      counterpart: input.counterpart ?? null,
      urgency: input.urgency ?? "normal",
      confidentiality,
      copies: input.copies ?? null,
      pages: input.pages ?? null,
      notes: input.notes ?? null,
    };
  });
}

/** A register's entries in number order (readers of the organization only). */
export async function listEntries(
  db: Db,
  actor: Actor | null,
  registerId: string,
): Promise<{ number: number; symbol: string; subject: string }[]> {
  const register = await getRegister(db, actor, registerId);
  return (await db
    .selectFrom("doc_register_entries")
    .select(["number", "symbol", "subject"])
    .where("register_id", "=", register.id)
    .orderBy("number")
    .execute()) as { number: number; symbol: string; subject: string }[];
}
