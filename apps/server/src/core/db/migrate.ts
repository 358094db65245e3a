import { sql } from "kysely";
import type { Db } from "./index.ts";

/**
 * One forward-only schema change. `name` starts with a timestamp (`20261127-1900-create-...`) so
 * that order is stable; a migration, once released, is never edited — a new one is added instead.
 */
export type Migration = {
  name: string;
  up(db: Db): Promise<void>;
};

export type MigrationSource = { module: string; migrations: readonly Migration[] };

/** Any constant works; it only has to be the same in every process migrating this database. */
const MIGRATION_LOCK = 7_243_001;

async function ensureLedger(db: Db) {
  await sql`create table if not exists core_migrations (
    module text not null,
    name text not null,
    applied_at timestamptz not null default now(),
    primary key (module, name)
  )`.execute(db);
}

async function appliedSet(db: Db): Promise<Set<string>> {
  const { rows } = await sql<{
    module: string;
    name: string;
  }>`select module, name from core_migrations`.execute(db);
  return new Set(rows.map((r) => `${r.module}/${r.name}`));
}

/**
 * Applies every pending migration, each in its own transaction under an advisory lock, so two
 * processes starting at once on one PostgreSQL never apply the same change twice.
 */
export async function migrate(db: Db, sources: readonly MigrationSource[]): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await ensureLedger(trx);
  });
  for (const source of sources) {
    for (const migration of source.migrations) {
      const id = `${source.module}/${migration.name}`;
      await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
        if ((await appliedSet(trx)).has(id)) return;
        await migration.up(trx);
        await sql`insert into core_migrations (module, name) values (${source.module}, ${migration.name})`.execute(
          trx,
        );
        applied.push(id);
      });
    }
  }
  return applied;
}

/** Migrations declared by the modules but not yet applied (empty when the schema is current). */
export async function pendingMigrations(
  db: Db,
  sources: readonly MigrationSource[],
): Promise<string[]> {
  const { rows } = await sql<{
    exists: boolean;
  }>`select to_regclass('core_migrations') is not null as exists`.execute(db);
  const done = rows[0]?.exists ? await appliedSet(db) : new Set<string>();
  return sources
    .flatMap((s) => s.migrations.map((m) => `${s.module}/${m.name}`))
    .filter((id) => !done.has(id));
}
