import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
  runCli,
  scratchPostgresDatabase,
  startServerProcess,
  tempDataDir,
} from "../core/testing/processes.ts";
import { commands } from "./commands.ts";

/** A scratch PostgreSQL database when TEST_DATABASE_URL is set; otherwise the embedded one. */
async function postgresDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  return admin ? scratchPostgresDatabase(admin, "lt_cli") : { drop: async () => {} };
}

describe("lienthong command line", () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(() => Promise.all(cleanups.map((cleanup) => cleanup())));

  it("prints usage with --help, for the program and each command", () => {
    const top = runCli(["--help"], {});
    assert.equal(top.status, 0);
    for (const command of commands) assert.match(top.stdout, new RegExp(command.name));
    for (const command of commands) {
      const result = runCli([...command.name.split(" "), "--help"], {});
      assert.equal(result.status, 0, command.name);
      assert.match(result.stdout, new RegExp(`lienthong ${command.name}`));
    }
  });

  it("refuses an unknown command and an unknown option", () => {
    assert.equal(runCli(["frobnicate"], {}).status, 2);
    const result = runCli(["audit", "verify", "--colour"], {});
    assert.equal(result.status, 2);
    assert.match(result.stderr, /colour/);
  });

  it("stops at once with an actionable message on bad configuration", () => {
    const port = runCli(["start"], { PORT: "abc", DATA_DIR: tempDataDir() });
    assert.equal(port.status, 78);
    assert.match(port.stderr, /PORT="abc" is not valid/);
    const database = runCli(["migrate"], { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    assert.equal(database.status, 78);
    assert.match(database.stderr, /Cannot connect to DATABASE_URL/);
    // Root may write anywhere, so "unwritable" is a path below a regular file.
    const file = path.join(tempDataDir(), "a-file");
    fs.writeFileSync(file, "");
    const dir = runCli(["migrate"], { DATA_DIR: path.join(file, "data") });
    assert.equal(dir.status, 78);
    assert.match(dir.stderr, /DATA_DIR=".*" is not writable/);
  });

  it("works next to a running server: through it on the embedded database (refusing a second server), beside it on PostgreSQL", async () => {
    const dataDir = tempDataDir();
    const database = await postgresDatabase();
    cleanups.push(() => database.drop());
    const installation = {
      DATA_DIR: dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    };
    const server = await startServerProcess({
      ...installation,
      DEMO_ADMIN_PASSWORD: "Xuan-Thu-Ha-Dong-7391!",
    });
    // Every CLI run below has the server's configuration, as on a real installation.
    const shared = { ...installation, PUBLIC_URL: server.url };
    try {
      const migrate = runCli(["migrate"], shared);
      assert.equal(migrate.status, 0, migrate.stderr);
      if (database.url) {
        assert.match(migrate.stdout, /Nothing to apply/);
      } else {
        const second = runCli(["start"], { DATA_DIR: dataDir, PORT: "0" });
        assert.equal(second.status, 78);
        assert.match(
          second.stderr,
          /Another Liên Thông process \(pid \d+, server\) is using the embedded database/,
        );
        assert.match(migrate.stdout, /running server applied migrations/);
      }
      const created = runCli(
        [
          "user",
          "create",
          "--username",
          "baocao.cli",
          "--name",
          "Cán bộ báo cáo",
          "--org",
          "000.00.05.H01",
          "--role",
          "reporting_officer",
          "--password-env",
          "LT_TEST_PW",
          "--json",
        ],
        { ...shared, LT_TEST_PW: "Mật-khẩu-dòng-lệnh-2026" },
      );
      assert.equal(created.status, 0, created.stderr);
      assert.equal(JSON.parse(created.stdout).username, "baocao.cli");
      await afterBlockingCli();
      const signIn = await fetch(`${server.url}/api/v1/identity/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "baocao.cli", password: "Mật-khẩu-dòng-lệnh-2026" }),
      });
      assert.equal(signIn.status, 200, "the account was created in the running server's database");
      const duplicate = runCli(
        [
          "user",
          "create",
          "--username",
          "baocao.cli",
          "--name",
          "X",
          "--org",
          "000.00.05.H01",
          "--role",
          "clerk",
        ],
        shared,
      );
      assert.equal(duplicate.status, 1);
      assert.match(duplicate.stderr, /409/);
      const client = runCli(
        [
          "client",
          "create",
          "--name",
          "Hệ thống báo cáo tỉnh",
          "--grant",
          "client_credentials",
          "--scope",
          "lgsp",
          "--org",
          "000.00.05.H01",
          "--json",
        ],
        shared,
      );
      assert.equal(client.status, 0, client.stderr);
      const { client_id: clientId, client_secret: clientSecret } = JSON.parse(client.stdout);
      assert.match(clientSecret, /^lts_/);
      await afterBlockingCli();
      const token = await fetch(`${server.url}/oidc/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          scope: "lgsp",
          resource: `${server.url}/gw`,
        }).toString(),
      });
      assert.equal(token.status, 200, "the printed secret works at the token endpoint");
      const verify = runCli(["audit", "verify", "--json"], shared);
      assert.equal(verify.status, 0, verify.stderr);
      assert.equal(JSON.parse(verify.stdout).ok, true);
    } finally {
      await server.stop();
    }
    const afterStop = runCli(["migrate"], shared);
    assert.equal(afterStop.status, 0, afterStop.stderr);
    assert.match(afterStop.stdout, /Nothing to apply/);
  });
});

/**
 * `runCli` blocks the event loop while the CLI runs, so a keep-alive connection the server closed
 * meanwhile is still in fetch's pool; one turn of the loop lets the pool see the close instead of
 * sending the next request into it.
 */
function afterBlockingCli() {
  return new Promise((resolve) => setTimeout(resolve, 50));
}
