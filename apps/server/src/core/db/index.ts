import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { ConfigError } from "../config.ts";
import { PGliteDialect } from "./pglite-dialect.ts";

/**
 * The database handle passed between modules. Each module's repo narrows it to its own tables
 * (`db as Kysely<DirectoryTables>`); nothing outside a repo writes SQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;

export type DatabaseKind = "pglite" | "postgres";

export type Database = {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, without credentials (for logs and `/readyz`). */
  location: string;
  /** The embedded engine itself, when the database is PGlite (for dumps and backups). */
  pglite?: PGlite;
  close(): Promise<void>;
};

/**
 * Both drivers return the same JavaScript values: int8 as number (counts and sequence numbers stay
 * far below 2^53), date as "YYYY-MM-DD" strings, numeric as strings, timestamptz as Date.
 */
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

pg.types.setTypeParser(INT8, (value) => Number(value));
pg.types.setTypeParser(DATE, (value) => value);

export type OpenDatabaseOptions = {
  databaseUrl?: string | undefined;
  /** Directory of the embedded database (PGlite); `undefined` with no URL means in memory. */
  pgliteDir?: string | undefined;
  /** A PGlite data-dir dump to start from (tests start from a migrated template). */
  pgliteLoad?: Blob | undefined;
  poolSize?: number;
  /**
   * Told when PostgreSQL drops an idle pooled connection (server restart, `pg_terminate_backend`,
   * `DROP DATABASE ... WITH (FORCE)`); the pool replaces it on the next query. Without a listener
   * such an error would crash the process.
   */
  onIdleConnectionError?: (error: Error) => void;
};

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl)
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.onIdleConnectionError);
  const client = new PGlite({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    // Loaded at open because PGlite cannot load an extension later; documents search needs it.
    extensions: { pg_trgm },
    parsers: {
      [INT8]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [NUMERIC]: (v: string) => v,
    },
    ...(options.pgliteLoad ? { loadDataDir: options.pgliteLoad } : {}),
  });
  await client.waitReady;
  const db = new Kysely<Record<string, never>>({
    dialect: new PGliteDialect(client),
  }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: options.pgliteDir ? path.resolve(options.pgliteDir) : "memory",
    pglite: client,
    async close() {
      await db.destroy();
      // Kysely skips the driver's destroy when no query ran; the engine must still be closed.
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(
  databaseUrl: string,
  poolSize: number,
  onIdleConnectionError: ((error: Error) => void) | undefined,
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5000,
  });
  pool.on("error", (error) => onIdleConnectionError?.(error));
  const db = new Kysely<Record<string, never>>({
    dialect: new PostgresDialect({ pool }),
  }) as unknown as Db;
  const url = new URL(databaseUrl);
  const location = `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`;
  try {
    const { rows } = await sql<{
      version: number;
    }>`select current_setting('server_version_num')::int as version`.execute(db);
    const version = rows[0]?.version ?? 0;
    if (version < 150000) {
      throw new ConfigError(
        `The PostgreSQL server at ${location} is version ${version}; Liên Thông needs PostgreSQL 15 or newer.`,
      );
    }
  } catch (error) {
    await db.destroy();
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `Cannot connect to DATABASE_URL (${location}): ${(error as Error).message}. Check the host, port, database name and credentials, or unset DATABASE_URL to use the embedded database.`,
    );
  }
  return { db, kind: "postgres", location, close: () => db.destroy() };
}

/** True when the database answers a trivial query (for `/readyz`). */
export async function isReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
