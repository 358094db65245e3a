import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { searchAudit, verifyAuditChain } from "./audit.ts";
import { loadConfig } from "./config.ts";
import { openDatabase, type Database } from "./db/index.ts";
import { effectiveSettings, recordPlatformStart } from "./start-audit.ts";
import { scratchPostgresDatabase, startServerProcess, tempDataDir } from "./testing/processes.ts";
import { createTestDatabase, testConfig } from "./testing/test-db.ts";

const SECRETS = {
  MASTER_KEY: Buffer.alloc(32, 7).toString("base64"),
  SMTP_URL: "smtp://thu-dien-tu:Mat-Khau-SMTP-42@mail.example.gov.vn:587",
  DEMO_ADMIN_PASSWORD: "Mat-Khau-Quan-Tri-42!",
};

describe("platform start on the audit trail", () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it("writes down the effective settings without any secret", () => {
    const config = loadConfig({ ...SECRETS, DATA_DIR: tempDataDir("lt-settings-") });
    const text = JSON.stringify(
      effectiveSettings(config, { kind: "postgres", location: "postgres://db.example:5432/lt" }),
    );
    for (const secret of [...Object.values(SECRETS), "Mat-Khau", "thu-dien-tu"]) {
      assert.ok(!text.includes(secret), `no ${secret} in ${text}`);
    }
    assert.match(text, /smtp:\/\/mail\.example\.gov\.vn:587/);
    assert.match(text, /"masterKey":"MASTER_KEY"/);
  });

  it("records each start, and which settings changed since the previous one", async () => {
    const start = (minutes: number) =>
      recordPlatformStart({
        db: database.db,
        config: testConfig({ sessionTtlMinutes: minutes }),
        database,
      });
    await start(480);
    await start(480);
    const started = await searchAudit(database.db, { action: "platform.", limit: 10 });
    assert.deepEqual(
      started.map((e) => e.action),
      ["platform.started", "platform.started"],
      "the same configuration twice is no change",
    );
    assert.match(String(started[0]!.details.digest), /^[0-9a-f]{64}$/);
    assert.equal(
      (started[0]!.details.settings as { sessionTtlMinutes: number }).sessionTtlMinutes,
      480,
    );

    await start(60);
    const [latest, changed] = await searchAudit(database.db, { action: "platform.", limit: 2 });
    assert.equal(latest!.action, "platform.started");
    assert.equal(changed!.action, "platform.configuration_changed");
    assert.deepEqual(changed!.details.changed, [
      { setting: "sessionTtlMinutes", from: 480, to: 60 },
    ]);
    assert.equal(changed!.details.previousDigest, started[0]!.details.digest);
    assert.equal(changed!.details.digest, latest!.details.digest);
    assert.equal((await verifyAuditChain(database.db)).ok, true);
  });

  it("is recorded by a real server at start, on its own database", async () => {
    const dataDir = tempDataDir("lt-start-audit-");
    const admin = process.env.TEST_DATABASE_URL;
    const postgres = admin ? await scratchPostgresDatabase(admin, "lt_start") : undefined;
    try {
      const env = {
        DATA_DIR: dataDir,
        DEMO_SEED: "false",
        ...SECRETS,
        ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      };
      await (await startServerProcess(env)).stop();
      await (await startServerProcess({ ...env, SIGN_IN_LIMIT_PER_IP: "99" })).stop();
      const opened = await openDatabase(
        postgres ? { databaseUrl: postgres.url } : { pgliteDir: path.join(dataDir, "pgdata") },
      );
      try {
        const entries = await searchAudit(opened.db, { action: "platform.", limit: 10 });
        assert.deepEqual(
          entries.map((e) => e.action),
          ["platform.started", "platform.configuration_changed", "platform.started"],
        );
        assert.deepEqual(
          (entries[1]!.details.changed as { setting: string }[]).map((c) => c.setting),
          ["port", "publicUrl", "signInLimitPerIp"],
          "each test server listens on a port of its own",
        );
        const text = JSON.stringify(entries);
        for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret));
      } finally {
        await opened.close();
      }
    } finally {
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
