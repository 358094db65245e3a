import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { childEnv, scratchPostgresDatabase, tempDataDir } from "../core/testing/processes.ts";
import { onPostgres } from "../core/testing/test-db.ts";

const MAIN = path.resolve(import.meta.dirname, "main.ts");

function lienthong(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: childEnv(env),
    encoding: "utf8",
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("lienthong exchange instance-certificate / peer add, suspend, list, remove", () => {
  const dataDir = tempDataDir("lt-federation-cli-");
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    DEMO_SEED: "false",
  };
  let scratch: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;

  before(async () => {
    if (onPostgres()) {
      scratch = await scratchPostgresDatabase(process.env.TEST_DATABASE_URL!, "lt_federation_cli");
      env.DATABASE_URL = scratch.url;
    }
  });
  after(async () => {
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the instance certificate, pins a peer with it, refuses a second pin, suspends, lists and removes it", () => {
    const printed = lienthong(["exchange", "instance-certificate"], env);
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /^-----BEGIN CERTIFICATE-----\n/);
    const fingerprint = /SHA-256: ([0-9A-F:]{95})/.exec(printed.stderr)?.[1];
    assert.ok(fingerprint, printed.stderr);
    const file = path.join(dataDir, "peer.pem");
    fs.writeFileSync(file, printed.stdout);
    const args = ["exchange", "peer", "add", "--name", "ndxp", "--url", "https://127.0.0.1:9443"];
    const added = lienthong([...args, "--certificate", file, "--org", "000.00.00.H01"], env);
    assert.equal(added.status, 0, added.stderr);
    assert.ok(added.stdout.includes(fingerprint));
    const again = lienthong([...args, "--certificate", file, "--org", "000.00.00.H01"], env);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /409/);

    const suspend = ["exchange", "peer", "suspend", "--name", "ndxp"];
    assert.equal(lienthong(suspend, env).status, 2, "a reason is required");
    const suspended = lienthong([...suspend, "--reason", "Bảo trì đường truyền"], env);
    assert.equal(suspended.status, 0, suspended.stderr);
    const listed = lienthong(["exchange", "peer", "list"], env);
    assert.match(listed.stdout, /^ndxp\ttạm ngừng \/ suspended: Bảo trì đường truyền\t/m);
    const removed = lienthong(["exchange", "peer", "remove", "--name", "ndxp"], env);
    assert.equal(removed.status, 0, removed.stderr);
    const gone = lienthong(["exchange", "peer", "resume", "--name", "ndxp"], env);
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /no peer named ndxp/);
  });
});
