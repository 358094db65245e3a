import type { Db } from "./index.ts";

/**
 * Runs `work` in a transaction, or inside the caller's when `db` already is one, so one module's
 * change can be part of another module's transaction.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** PostgreSQL's unique_violation, raised by both drivers when a unique index refuses a row. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505"
  );
}
