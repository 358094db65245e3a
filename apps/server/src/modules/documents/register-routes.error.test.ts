import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { Register, RegisterEntry } from "./register-schema.ts";

type Headers = Record<string, string>;

describe("documents routes: bad input to registers", () => {
  let platform: Platform;
  let clerk: Headers;
  let outgoing: Register;
  let incoming: Register;
  let entry: RegisterEntry;

  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object, headers = clerk) =>
    platform.app.inject({
      method,
      url: `/api/v1/documents${url}`,
      headers,
      ...(payload && { payload }),
    });
  /** Rows of the registers' tables and the audit log: a refused request changes none of them. */
  const written = async () =>
    (
      await sql<{ n: string }>`select (select count(*) from doc_registers)::text || '/' ||
        (select count(*) from doc_register_entries)::text || '/' ||
        (select count(*) from doc_register_entry_corrections)::text || '/' ||
        (select count(*) from core_audit)::text || '/' ||
        (select string_agg(status || last_number, ',' order by id) from doc_registers) || '/' ||
        (select string_agg(subject || revision, ',' order by id) from doc_register_entries) as n`.execute(
        platform.ctx.db,
      )
    ).rows[0]!.n;
  const refuses = async (
    status: number,
    code: string,
    request: Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>,
  ) => {
    const response = await request;
    assert.equal(response.statusCode, status, response.body);
    assert.equal(response.headers["content-type"], "application/problem+json; charset=utf-8");
    const problem = JSON.parse(response.body) as { code: string; type: string; requestId: string };
    assert.equal(problem.code, code);
    assert.equal(problem.type, `urn:lienthong:problem:${code}`);
    assert.ok(problem.requestId);
    return problem as typeof problem & { detail?: string; errors?: { path: string }[] };
  };

  before(async () => {
    platform = await createTestPlatform();
    const organization = await createTestOrganization(platform.ctx.db, { shortName: "BNV" });
    clerk = (await createTestUser(platform, { organizationId: organization.id, roles: ["clerk"] }))
      .bearer;
    outgoing = (
      await call("POST", "/registers", { direction: "outgoing", year: 2026, kind: "ordinary" })
    ).json();
    incoming = (
      await call("POST", "/registers", { direction: "incoming", year: 2026, kind: "ordinary" })
    ).json();
    entry = (
      await call("POST", `/registers/${outgoing.id}/entries`, {
        typeCode: "QĐ",
        documentDate: "2026-01-05",
        subject: "Quyết định",
      })
    ).json();
    assert.equal(entry.number, 1);
  });
  after(() => platform.stop());

  it("refuses unknown fields, a duplicate register and a bad year when opening one", async () => {
    const before = await written();
    const unknown = await refuses(
      400,
      "validation_failed",
      call("POST", "/registers", {
        direction: "outgoing",
        year: 2027,
        kind: "ordinary",
        lastNumber: 40,
      }),
    );
    assert.deepEqual(
      unknown.errors?.map((e) => e.path),
      ["body.lastNumber"],
    );
    await refuses(
      400,
      "validation_failed",
      call("POST", "/registers", { direction: "out", year: 2027, kind: "ordinary" }),
    );
    await refuses(
      400,
      "validation_failed",
      call("POST", "/registers", { direction: "outgoing", year: 1999, kind: "ordinary" }),
    );
    const duplicate = await refuses(
      409,
      "conflict",
      call(
        "POST",
        "/registers",
        { direction: "outgoing", year: 2026, kind: "ordinary" },
        { ...clerk, "accept-language": "en" },
      ),
    );
    assert.equal(duplicate.detail, "The organization already has this register for that year.");
    assert.equal(await written(), before);
  });

  it("refuses entries with unknown fields, bad dates or against the register's rules, taking no number", async () => {
    const before = await written();
    const url = `/registers/${outgoing.id}/entries`;
    const good = { typeCode: "QĐ", documentDate: "2026-02-03", subject: "Quyết định" };
    const unknown = await refuses(
      400,
      "validation_failed",
      call("POST", url, { ...good, number: 7 }),
    );
    assert.deepEqual(
      unknown.errors?.map((e) => e.path),
      ["body.number"],
    );
    await refuses(
      400,
      "validation_failed",
      call("POST", url, { ...good, documentDate: "2026-02-30" }),
    );
    await refuses(
      400,
      "validation_failed",
      call("POST", url, { ...good, documentDate: "03/02/2026" }),
    );
    await refuses(400, "validation_failed", call("POST", url, { ...good, typeCode: "XX" }));
    await refuses(400, "validation_failed", call("POST", url, { ...good, subject: "" }));
    await refuses(400, "validation_failed", call("POST", url, { ...good, copies: 0 }));
    await refuses(400, "validation_failed", call("POST", url, { ...good, symbol: "99/QĐ-BNV" }));
    const wrongYear = await refuses(
      422,
      "unprocessable",
      call("POST", url, { ...good, documentDate: "2025-12-31" }),
    );
    assert.match(wrongYear.detail!, /năm 2026/);
    await refuses(422, "unprocessable", call("POST", url, { ...good, confidentiality: "mat" }));
    await refuses(
      400,
      "malformed_json",
      platform.app.inject({
        method: "POST",
        url: `/api/v1/documents${url}`,
        headers: { ...clerk, "content-type": "application/json" },
        payload: '{"typeCode":',
      }),
    );

    const arrivals = `/registers/${incoming.id}/entries`;
    const arrived = {
      typeCode: "CV",
      symbol: "12/BTP-VP",
      counterpart: "Bộ Tư pháp",
      subject: "V/v góp ý",
      documentDate: "2026-03-02",
      receivedOn: "2026-03-04",
    };
    await refuses(
      400,
      "validation_failed",
      call("POST", arrivals, { ...arrived, symbol: undefined }),
    );
    await refuses(
      422,
      "unprocessable",
      call("POST", arrivals, { ...arrived, receivedOn: "2026-03-01" }),
    );
    await refuses(
      422,
      "unprocessable",
      call("POST", arrivals, { ...arrived, receivedOn: "2099-01-01" }),
    );
    await refuses(
      422,
      "unprocessable",
      call("POST", arrivals, { ...arrived, documentDate: "2025-12-30", receivedOn: "2025-12-31" }),
    );
    assert.equal(await written(), before);
    const late = await call("POST", arrivals, {
      ...arrived,
      documentDate: "2025-12-30",
      receivedOn: "2026-01-02",
    });
    assert.equal(
      late.statusCode,
      201,
      "a document of last year arriving this year goes in this year's register",
    );
    assert.equal((late.json() as RegisterEntry).number, 1);
  });

  it("refuses corrections of number or symbol, without a reason, that change nothing, or in a closed register", async () => {
    const url = `/registers/${outgoing.id}/entries/${entry.id}`;
    const before = await written();
    for (const field of ["number", "symbol", "documentDate", "typeCode"]) {
      const problem = await refuses(
        400,
        "validation_failed",
        call("PATCH", url, { [field]: "2", reason: "Sửa" }),
      );
      assert.deepEqual(
        problem.errors?.map((e) => e.path),
        [`body.${field}`],
      );
    }
    await refuses(400, "validation_failed", call("PATCH", url, { subject: "Quyết định mới" }));
    await refuses(400, "validation_failed", call("PATCH", url, { reason: "Không sửa gì" }));
    await refuses(400, "validation_failed", call("PATCH", url, { copies: 0, reason: "Sai" }));
    await refuses(
      400,
      "validation_failed",
      call("PATCH", url, { subject: "", reason: "Xóa trích yếu" }),
    );
    await refuses(
      422,
      "unprocessable",
      call("PATCH", url, { subject: "Quyết định", reason: "Như cũ" }),
    );
    await refuses(
      404,
      "not_found",
      call("PATCH", `/registers/${incoming.id}/entries/${entry.id}`, {
        notes: "x",
        reason: "Sai sổ",
      }),
    );
    assert.equal(await written(), before);

    assert.equal((await call("POST", `/registers/${outgoing.id}/close`)).statusCode, 200);
    const closedBefore = await written();
    const closed = await refuses(
      422,
      "unprocessable",
      call("PATCH", url, { notes: "Bổ sung", reason: "Sau khi khóa" }),
    );
    assert.match(closed.detail!, /Sổ đã khóa/);
    await refuses(
      422,
      "unprocessable",
      call("POST", `/registers/${outgoing.id}/entries`, {
        typeCode: "QĐ",
        documentDate: "2026-12-01",
        subject: "Muộn",
      }),
    );
    await refuses(409, "conflict", call("POST", `/registers/${outgoing.id}/close`));
    assert.equal(await written(), closedBefore);
  });

  it("refuses bad list queries: unknown parameters, bad dates, a forged cursor, a bad id", async () => {
    const url = `/registers/${outgoing.id}/entries`;
    await refuses(400, "validation_failed", call("GET", `${url}?sort=subject`));
    await refuses(400, "validation_failed", call("GET", `${url}?from=2026-13-01`));
    await refuses(400, "validation_failed", call("GET", `${url}?limit=1000`));
    await refuses(400, "validation_failed", call("GET", `${url}?cursor=not-a-cursor`));
    await refuses(
      400,
      "validation_failed",
      call("GET", `/registers/${outgoing.id}/export.csv?to=yesterday`),
    );
    await refuses(400, "validation_failed", call("GET", "/registers/not-a-uuid"));
    await refuses(404, "not_found", call("GET", "/registers/01900000-0000-7000-8000-000000000000"));
  });
});
