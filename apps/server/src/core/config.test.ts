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
  ] as const) {
    it(`refuses ${JSON.stringify(env)} with a sentence a person can act on`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
      );
    });
  }

  it("refuses a DATA_DIR it cannot write", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lt-config-")), "a-file");
    fs.writeFileSync(file, "");
    assert.throws(
      () => ensureWritableDataDir(path.join(file, "data")),
      /DATA_DIR=".*" is not writable/,
    );
  });
});
