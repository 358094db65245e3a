import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runCli, startServerProcess, tempDataDir } from "../core/testing/processes.ts";
import { commands } from "./commands.ts";

describe("lienthong command line", () => {
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

  it("refuses a second server on the same DATA_DIR, and forwards CLI commands to the running one", async () => {
    const dataDir = tempDataDir();
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      DEMO_ADMIN_PASSWORD: "Xuan-Thu-Ha-Dong-7391!",
    });
    try {
      const second = runCli(["start"], { DATA_DIR: dataDir, PORT: "0" });
      assert.equal(second.status, 78);
      assert.match(
        second.stderr,
        /Another Liên Thông process \(pid \d+, server\) is using the embedded database/,
      );
      const migrate = runCli(["migrate"], { DATA_DIR: dataDir });
      assert.equal(migrate.status, 0);
      assert.match(migrate.stdout, /running server applied migrations/);
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
        { DATA_DIR: dataDir, LT_TEST_PW: "Mật-khẩu-dòng-lệnh-2026" },
      );
      assert.equal(created.status, 0, created.stderr);
      assert.equal(JSON.parse(created.stdout).username, "baocao.cli");
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
        { DATA_DIR: dataDir },
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
        { DATA_DIR: dataDir },
      );
      assert.equal(client.status, 0, client.stderr);
      const { client_id: clientId, client_secret: clientSecret } = JSON.parse(client.stdout);
      assert.match(clientSecret, /^lts_/);
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
      const verify = runCli(["audit", "verify", "--json"], { DATA_DIR: dataDir });
      assert.equal(verify.status, 0, verify.stderr);
      assert.equal(JSON.parse(verify.stdout).ok, true);
    } finally {
      await server.stop();
    }
    const after = runCli(["migrate"], { DATA_DIR: dataDir });
    assert.equal(after.status, 0, after.stderr);
    assert.match(after.stdout, /Nothing to apply/);
  });
});
