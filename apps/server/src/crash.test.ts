import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import {
  scratchPostgresDatabase,
  signInOverHttp,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from "./core/testing/processes.ts";

/**
 * Real processes killed with SIGKILL: an acknowledged write survives, a bulk import is complete
 * or absent, and the server starts cleanly afterwards — on PGlite, and on PostgreSQL when
 * TEST_DATABASE_URL is set.
 */
const PASSWORD = `Crash-${randomBytes(6).toString("hex")}-Pw1`;

async function postgresDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  return admin ? scratchPostgresDatabase(admin, "lt_crash") : { drop: async () => {} };
}

/** The demo admin, who enrols an authenticator at the first sign-in and uses recovery codes after. */
const admin = { username: "admin", password: PASSWORD };
const signIn = (server: ServerProcess) => signInOverHttp(server.url, admin);

async function countByName(server: ServerProcess, q: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page = (await (
      await fetch(
        `${server.url}/api/v1/directory/organizations?q=${encodeURIComponent(q)}&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      )
    ).json()) as {
      items: unknown[];
      nextCursor: string | null;
    };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe("crash safety (SIGKILL)", { timeout: 600_000 }, () => {
  const dataDir = tempDataDir("lt-crash-");
  let database: Awaited<ReturnType<typeof postgresDatabase>>;
  let env: Record<string, string>;
  after(async () => database?.drop());

  const start = async () => startServerProcess(env);

  it("keeps an acknowledged write after the process is killed right after answering", async () => {
    database = await postgresDatabase();
    env = {
      DATA_DIR: dataDir,
      DEMO_ADMIN_PASSWORD: PASSWORD,
      BODY_LIMIT: String(8 * 1024 * 1024),
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    };
    const server = await start();
    const headers = await signIn(server);
    const response = await fetch(`${server.url}/api/v1/directory/organizations`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        code: "000.00.77.G09",
        name: "Trung tâm Kiểm thử Độ bền",
        shortName: "TTKT",
        kind: "other",
      }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    await server.kill();
    const again = await start();
    try {
      assert.equal(await countByName(again, "trung tam kiem thu do ben"), 1);
    } finally {
      await again.stop();
    }
  });

  for (const delayMs of [30, 150, 600]) {
    it(`leaves a bulk import complete or absent when killed ${delayMs} ms into it`, async () => {
      const server = await start();
      const headers = await signIn(server);
      const tag = `Lô${delayMs}`;
      const items = Array.from({ length: 2000 }, (_, i) => ({
        code: `${String(i % 1000).padStart(3, "0")}.${String(Math.floor(i / 1000) + 20).padStart(2, "0")}.${String(delayMs % 100).padStart(2, "0")}.Z99`,
        name: `Đơn vị nhập khẩu ${tag} số ${i}`,
        shortName: `DV${i}`,
        kind: "other",
      }));
      const request = fetch(`${server.url}/api/v1/directory/organizations/import`, {
        method: "POST",
        headers,
        body: JSON.stringify({ items }),
      }).then(
        (r) => r.status,
        () => "killed",
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await server.kill();
      const outcome = await request;
      const again = await start();
      try {
        const ready = await fetch(`${again.url}/readyz`);
        assert.equal(ready.status, 200);
        const count = await countByName(
          again,
          `don vi nhap khau ${tag.toLowerCase().replace("ô", "o")}`,
        );
        assert.ok(
          count === 0 || count === items.length,
          `import half-written: ${count} of ${items.length}`,
        );
        if (outcome === 201) assert.equal(count, items.length, "an acknowledged import was lost");
      } finally {
        await again.stop();
      }
    });
  }
});
