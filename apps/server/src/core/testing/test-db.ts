import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { loadConfig, type Config } from "../config.ts";
import { openDatabase, type Database } from "../db/index.ts";
import { migrate } from "../db/migrate.ts";
import { createLogger } from "../logger.ts";
import type { ModuleContext } from "../module.ts";
import { runSeeds } from "../seed.ts";
import { migrationSources, modules } from "../../modules/index.ts";

const SRC = path.resolve(import.meta.dirname, "../..");
const REPO = path.resolve(SRC, "../../..");
const TMP = path.join(REPO, ".tmp");

/**
 * Every test database starts from a template holding the migrated schema and the reference data
 * (administrative units): a PGlite data-dir dump, or a PostgreSQL template database when
 * TEST_DATABASE_URL is set. The template is rebuilt when a file that shapes it changes: migrations,
 * seeds, their data, and the database core.
 */
function templateKey(): string {
  const hash = createHash("sha256");
  const shapesTemplate = (rel: string) =>
    /(^|\/)(migrations|data)\//.test(rel) ||
    /seed[^/]*\.ts$/.test(rel) ||
    rel.startsWith("core/db/") ||
    rel === "modules/index.ts";
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(SRC, full).split(path.sep).join("/");
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith(".test.ts") && shapesTemplate(rel))
        hash.update(`${rel}\n`).update(fs.readFileSync(full));
    }
  };
  walk(SRC);
  return hash.digest("hex").slice(0, 16);
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      DATA_DIR: path.join(TMP, "test-data"),
      LOG_LEVEL: "silent",
      DEMO_SEED: "false",
    }),
    ...overrides,
  };
}

async function prepareTemplate(database: Database) {
  const ctx: ModuleContext = {
    db: database.db,
    dbKind: database.kind,
    config: testConfig(),
    log: createLogger({ logLevel: "silent" }),
  };
  await migrate(database.db, migrationSources());
  await runSeeds({ ctx, modules, demo: false });
}

async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    try {
      fs.closeSync(fs.openSync(file, "wx"));
      break;
    } catch {
      const age =
        Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(file, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(TMP, `pglite-template-${templateKey()}.tar.gz`);
  if (!fs.existsSync(file)) {
    await withFileLock(`${file}.lock`, async () => {
      if (fs.existsSync(file)) return;
      const database = await openDatabase({});
      await prepareTemplate(database);
      const dump = await database.pglite!.dumpDataDir("gzip");
      await database.close();
      fs.writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(`${file}.tmp`, file);
    });
  }
  return new Blob([fs.readFileSync(file)]);
}

async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `lt_tpl_${templateKey()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query("select pg_advisory_lock(7243099)");
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
      try {
        await prepareTemplate(database);
      } catch (error) {
        await database.close();
        await admin.query(`drop database ${name}`);
        throw error;
      }
      await database.close();
    }
    await admin.query("select pg_advisory_unlock(7243099)");
  } finally {
    await admin.end();
  }
  return name;
}

/** A fresh, migrated database with reference data, private to the caller; `close()` discards it. */
export async function createTestDatabase(): Promise<Database> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return openDatabase({ pgliteLoad: await pgliteTemplate() });
  const template = await postgresTemplate(adminUrl);
  const name = `lt_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Whether tests run on PostgreSQL (TEST_DATABASE_URL) rather than PGlite. */
export function onPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}
