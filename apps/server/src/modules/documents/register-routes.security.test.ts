import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { Register, RegisterEntry } from "./register-schema.ts";

type Method = "GET" | "POST" | "PATCH";
type RouteCase = { method: Method; url: string; payload?: object; write: boolean };

/** Every route of one register and its entry, with a body that would otherwise succeed. */
function registerRoutes(register: Register, entry: RegisterEntry): RouteCase[] {
  const base = `/registers/${register.id}`;
  const entryUrl = `${base}/entries/${entry.id}`;
  return [
    { method: "GET", url: base, write: false },
    { method: "GET", url: `${base}/entries`, write: false },
    { method: "GET", url: entryUrl, write: false },
    { method: "GET", url: `${entryUrl}/corrections`, write: false },
    { method: "GET", url: `${base}/export.csv`, write: false },
    { method: "GET", url: `${base}/export.xlsx`, write: false },
    { method: "GET", url: `${base}/export.pdf`, write: false },
    {
      method: "POST",
      url: `${base}/entries`,
      payload: { typeCode: "TB", documentDate: "2030-06-01", subject: "Thông báo" },
      write: true,
    },
    {
      method: "PATCH",
      url: entryUrl,
      payload: { notes: "Ghi chú", reason: "Bổ sung" },
      write: true,
    },
    { method: "POST", url: `${base}/close`, write: true },
    { method: "POST", url: `${base}/reopen`, write: true },
  ];
}

describe("documents routes: who may touch a register", () => {
  let platform: Platform;
  let own: { clerk: Headers; specialist: Headers; leader: Headers };
  let stranger: Headers;
  let ordinary: Register;
  let secret: Register;
  let ordinaryEntry: RegisterEntry;
  let secretEntry: RegisterEntry;
  let organizationId: string;
  type Headers = { authorization: string };

  const call = (route: { method: Method; url: string; payload?: object }, headers?: Headers) =>
    platform.app.inject({
      method: route.method,
      url: `/api/v1/documents${route.url}`,
      ...(headers && { headers }),
      ...(route.payload && { payload: route.payload }),
    });
  const written = async () =>
    (
      await sql<{ n: string }>`select (select count(*) from doc_registers)::text || '/' ||
        (select count(*) from doc_register_entries)::text || '/' ||
        (select count(*) from doc_register_entry_corrections)::text || '/' ||
        (select string_agg(status || last_number, ',' order by id) from doc_registers) as n`.execute(
        platform.ctx.db,
      )
    ).rows[0]!.n;

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const organization = await createTestOrganization(db, { shortName: "BNV" });
    const other = await createTestOrganization(db, { shortName: "BTC" });
    organizationId = organization.id;
    const user = async (roles: ("clerk" | "specialist" | "leader")[], orgId = organization.id) =>
      (await createTestUser(platform, { organizationId: orgId, roles })).bearer;
    own = {
      clerk: await user(["clerk"]),
      specialist: await user(["specialist"]),
      leader: await user(["leader"]),
    };
    stranger = await user(["clerk"], other.id);
    const post = async (url: string, payload: object) => {
      const response = await call({ method: "POST", url, payload }, own.clerk);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    ordinary = await post("/registers", { direction: "outgoing", year: 2030, kind: "ordinary" });
    secret = await post("/registers", { direction: "outgoing", year: 2030, kind: "secret" });
    ordinaryEntry = await post(`/registers/${ordinary.id}/entries`, {
      typeCode: "QĐ",
      documentDate: "2030-01-02",
      subject: "Quyết định",
    });
    secretEntry = await post(`/registers/${secret.id}/entries`, {
      typeCode: "BC",
      documentDate: "2030-01-02",
      subject: "Báo cáo mật",
      confidentiality: "mat",
    });
  });
  after(() => platform.stop());

  it("refuses anonymous callers with 401 on every route, writing nothing", async () => {
    const before = await written();
    for (const route of [
      { method: "GET" as const, url: "/registers" },
      {
        method: "POST" as const,
        url: "/registers",
        payload: { direction: "incoming", year: 2030, kind: "ordinary" },
      },
      ...registerRoutes(ordinary, ordinaryEntry),
    ]) {
      const response = await call(route);
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}: ${response.body}`);
      assert.equal(response.json().code, "unauthenticated");
    }
    assert.equal(await written(), before);
  });

  it("answers another organization's clerk 404 on every route of a register, and 403 on its list", async () => {
    const before = await written();
    for (const route of registerRoutes(ordinary, ordinaryEntry)) {
      const response = await call(route, stranger);
      assert.equal(response.statusCode, 404, `${route.method} ${route.url}: ${response.body}`);
      assert.equal(response.headers["content-type"], "application/problem+json; charset=utf-8");
    }
    const list = await call(
      { method: "GET", url: `/registers?organizationId=${organizationId}` },
      stranger,
    );
    assert.equal(list.statusCode, 403);
    const create = await call(
      {
        method: "POST",
        url: "/registers",
        payload: { organizationId, direction: "incoming", year: 2030, kind: "ordinary" },
      },
      stranger,
    );
    assert.equal(create.statusCode, 404);
    assert.equal(await written(), before);
  });

  it("lets a specialist read the ordinary register but not change it (403), nor see the secret one", async () => {
    const before = await written();
    for (const route of registerRoutes(ordinary, ordinaryEntry)) {
      const response = await call(route, own.specialist);
      assert.equal(
        response.statusCode,
        route.write ? 403 : 200,
        `${route.method} ${route.url}: ${response.body}`,
      );
      if (route.write) assert.equal(response.json().code, "forbidden");
    }
    const create = await call(
      {
        method: "POST",
        url: "/registers",
        payload: { direction: "incoming", year: 2030, kind: "ordinary" },
      },
      own.specialist,
    );
    assert.equal(create.statusCode, 403);
    for (const route of registerRoutes(secret, secretEntry)) {
      const response = await call(route, own.specialist);
      assert.equal(response.statusCode, 404, `${route.method} ${route.url}: ${response.body}`);
    }
    assert.equal(await written(), before);
  });

  it("lets a leader read the secret register and its export, but not register in it", async () => {
    for (const route of registerRoutes(secret, secretEntry)) {
      const response = await call(route, own.leader);
      assert.equal(
        response.statusCode,
        route.write ? 403 : 200,
        `${route.method} ${route.url}: ${response.body}`,
      );
    }
  });
});
