import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { ChainHead } from "./audit.ts";
import type { Database, Db } from "./db/index.ts";

/**
 * The newest head of the audit chain as seen at `at`, kept outside the database. A hash chain
 * alone cannot tell a chain whose newest rows were deleted (or all rows, by `TRUNCATE`) from a
 * shorter honest one; `verifyAuditChain` compares against this record instead.
 */
export type AuditHeadRecord = ChainHead & {
  at: string;
  /** The database the chain lives in (no credentials). */
  database: string;
};

/**
 * One file per database under DATA_DIR, so that a DATA_DIR pointed at another database (a
 * restored copy, staging) is not compared with a head it never had.
 */
export function auditHeadFile(
  dataDir: string,
  database: Pick<Database, "kind" | "location">,
): string {
  const name =
    database.kind === "pglite"
      ? "embedded"
      : database.location.replace(/^postgres:\/\//, "").replace(/[^A-Za-z0-9.-]+/g, "_");
  return path.join(dataDir, "audit-head", `${name}.json`);
}

/** The recorded head, or `undefined` when none was written yet. */
export function readAuditHead(file: string): AuditHeadRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const record = JSON.parse(text) as Partial<AuditHeadRecord>;
  if (
    !Number.isSafeInteger(record.seq) ||
    record.seq! < 1 ||
    typeof record.hash !== "string" ||
    !/^[0-9a-f]{64}$/.test(record.hash)
  ) {
    throw new Error(`${file} is not an audit head record; restore it from a backup or the logs.`);
  }
  return record as AuditHeadRecord;
}

export type RecordAuditHeadOptions = {
  db: Db;
  file: string;
  database: string;
  log: Logger;
};

/**
 * Writes the chain's current head to `file`, and logs it, so that log collection keeps a copy
 * off the machine. The record only moves forward along the same chain: when the row at the
 * recorded `seq` is gone or differs, the old record is kept (and the mismatch logged), because
 * overwriting it would hide the deletion it exists to reveal. Several processes may write the
 * same file: each writes a complete temporary file and renames it over the old one.
 */
export async function recordAuditHead({
  db,
  file,
  database,
  log,
}: RecordAuditHeadOptions): Promise<AuditHeadRecord | undefined> {
  const head = (await db
    .selectFrom("core_audit")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst()) as ChainHead | undefined;
  const previous = readAuditHead(file);
  if (previous) {
    const atPrevious = (await db
      .selectFrom("core_audit")
      .select("hash")
      .where("seq", "=", previous.seq)
      .executeTakeFirst()) as { hash: string } | undefined;
    if (atPrevious?.hash !== previous.hash) {
      log.error(
        { auditHead: { seq: previous.seq, hash: previous.hash }, file },
        "the audit chain no longer holds its recorded head; run `lienthong audit verify`",
      );
      return previous;
    }
    if (!head || head.seq === previous.seq) return previous;
  }
  if (!head) return undefined;
  const record: AuditHeadRecord = {
    seq: Number(head.seq),
    hash: head.hash,
    at: new Date().toISOString(),
    database,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = fs.openSync(temp, "w", 0o644);
  try {
    fs.writeSync(fd, `${JSON.stringify(record)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  log.info({ auditHead: { seq: record.seq, hash: record.hash } }, "audit chain head recorded");
  return record;
}
