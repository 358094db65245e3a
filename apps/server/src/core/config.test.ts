import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, ensureWritableDataDir, loadConfig } from "./config.ts";

describe("configuration", () => {
  it("has defaults that run on a fresh machine", () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.publicUrl, "http://127.0.0.1:8080");
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, path.resolve("data"));
    assert.equal(config.secureCookies, false);
  });

  it("honours PORT, HOST, DATA_DIR and PUBLIC_URL", () => {
    const config = loadConfig({
      PORT: "9000",
      HOST: "0.0.0.0",
      DATA_DIR: "/srv/lt",
      PUBLIC_URL: "https://lienthong.example.gov.vn/",
    });
    assert.deepEqual(
      [config.port, config.host, config.dataDir, config.publicUrl, config.secureCookies],
      [9000, "0.0.0.0", "/srv/lt", "https://lienthong.example.gov.vn", true],
    );
  });

  for (const [env, pattern] of [
    [
      { PORT: "eighty" },
      /PORT="eighty" is not valid: set it to a whole number between 0 and 65535/,
    ],
    [{ PORT: "70000" }, /PORT/],
    [{ PUBLIC_URL: "not a url" }, /PUBLIC_URL="not a url" is not a URL/],
    [{ PUBLIC_URL: "ftp://x" }, /must start with http/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL must be a PostgreSQL connection string/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL="loud" is not valid/],
    [{ DEMO_SEED: "maybe" }, /DEMO_SEED="maybe" is not valid: set it to true or false/],
    [{ TRUST_PROXY: "my proxy" }, /TRUST_PROXY="my proxy" is not valid/],
    [{ MASTER_KEY: "c2hvcnQ=" }, /MASTER_KEY is not valid: set it to 32 random bytes in base64/],
    [{ SIGN_IN_LIMIT_PER_IP: "0" }, /SIGN_IN_LIMIT_PER_IP="0" is not valid/],
  ] as const) {
    it(`refuses ${JSON.stringify(env)} with a sentence a person can act on`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
      );
    });
  }

  it("reads the proxies to trust and the master key", () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: "true" }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: "2" }).trustProxy, 2);
    assert.equal(
      loadConfig({ TRUST_PROXY: "10.0.0.5, 10.0.1.0/24" }).trustProxy,
      "10.0.0.5,10.0.1.0/24",
    );
    const key = Buffer.alloc(32, 7).toString("base64");
    assert.deepEqual(loadConfig({ MASTER_KEY: key }).masterKey, Buffer.alloc(32, 7));
  });

  it("refuses a DATA_DIR it cannot write", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lt-config-")), "a-file");
    fs.writeFileSync(file, "");
    assert.throws(
      () => ensureWritableDataDir(path.join(file, "data")),
      /DATA_DIR=".*" is not writable/,
    );
  });
});
