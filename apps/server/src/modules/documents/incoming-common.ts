import type { Db } from "../../core/db/index.ts";

/** Runs `work` in the caller's transaction, or in a new one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** PostgreSQL's unique_violation, raised by both drivers when a unique index refuses a row. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505"
  );
}

/** Today in Vietnam (YYYY-MM-DD): a document arrives on Vietnam's calendar day, not UTC's. */
export { vietnamToday } from "./register-rules.ts";
