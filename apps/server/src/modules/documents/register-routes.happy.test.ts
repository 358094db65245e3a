import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { DEMO_HOME_AFFAIRS_CODE, findOrganizationByCode } from "../directory/index.ts";
import { createTestUser } from "../identity/testing.ts";
import { vietnamToday } from "./register-rules.ts";
import type { EntryCorrection, Register, RegisterEntry } from "./register-schema.ts";
import { seedRegistersDemo } from "./register-seed.ts";

type Headers = { authorization: string };

describe("documents routes: registers at work", () => {
  let platform: Platform;
  let clerk: Headers;
  let specialist: Headers;
  let leader: Headers;

  before(async () => {
    platform = await createTestPlatform({ demo: true });
    const ministry = (await findOrganizationByCode({
      db: platform.ctx.db,
      code: DEMO_HOME_AFFAIRS_CODE,
    }))!;
    const user = async (roles: ("clerk" | "specialist" | "leader")[]) =>
      (await createTestUser(platform, { organizationId: ministry.id, roles })).bearer;
    [clerk, specialist, leader] = [
      await user(["clerk"]),
      await user(["specialist"]),
      await user(["leader"]),
    ];
  });
  after(() => platform.stop());

  const call = (
    method: "GET" | "POST" | "PATCH",
    url: string,
    headers: Headers,
    payload?: object,
  ) =>
    platform.app.inject({
      method,
      url: `/api/v1/documents${url}`,
      headers,
      ...(payload && { payload }),
    });

  const openRegister = async (input: object) => {
    const response = await call("POST", "/registers", clerk, input);
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as Register;
  };
  const addEntry = async (registerId: string, input: object) => {
    const response = await call("POST", `/registers/${registerId}/entries`, clerk, input);
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as RegisterEntry;
  };

  it("seeds this year's registers for the ministry, with entries, and seeding again changes nothing", async () => {
    const year = Number(vietnamToday().slice(0, 4));
    const listed = await call("GET", `/registers?year=${year}`, clerk);
    assert.equal(listed.statusCode, 200, listed.body);
    const registers = (listed.json() as { items: Register[] }).items;
    const summary = registers.map((r) => [r.direction, r.kind, r.name, r.lastNumber > 0]).sort();
    assert.deepEqual(summary, [
      ["incoming", "ordinary", `Sổ đăng ký văn bản đến năm ${year}`, true],
      ["outgoing", "ordinary", `Sổ đăng ký văn bản đi năm ${year}`, true],
      ["outgoing", "secret", `Sổ đăng ký văn bản mật đi năm ${year}`, true],
    ]);
    const outgoing = registers.find((r) => r.direction === "outgoing" && r.kind === "ordinary")!;
    const first = (
      await call("GET", `/registers/${outgoing.id}/entries?limit=1`, specialist)
    ).json();
    assert.equal(first.items[0].symbol, "1/QĐ-BNV");
    assert.match(first.items[0].subject, /chuyển đổi số/);

    // A specialist reads the ordinary registers but not the secret one, which a leader reads.
    const forSpecialist = (await call("GET", `/registers?year=${year}`, specialist)).json();
    assert.deepEqual(
      forSpecialist.items.map((r: Register) => r.kind),
      ["ordinary", "ordinary"],
    );
    const secret = registers.find((r) => r.kind === "secret")!;
    assert.equal((await call("GET", `/registers/${secret.id}`, specialist)).statusCode, 404);
    assert.equal((await call("GET", `/registers/${secret.id}/entries`, leader)).statusCode, 200);

    const count = async () =>
      (
        await sql<{ n: string }>`select (select count(*) from doc_registers)::text || '/' ||
          (select count(*) from doc_register_entries)::text as n`.execute(platform.ctx.db)
      ).rows[0]!.n;
    const before = await count();
    assert.match(before, /^12\/\d+$/, "three registers for each of four organizations");
    await seedRegistersDemo(platform.ctx);
    assert.equal(await count(), before);
  });

  it("documents every registers route in OpenAPI, with the problem body", async () => {
    const spec = (await platform.app.inject("/api/docs/json")).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const paths = Object.keys(spec.paths).filter((p) =>
      p.startsWith("/api/v1/documents/registers"),
    );
    for (const path of [
      "/api/v1/documents/registers",
      "/api/v1/documents/registers/{id}/close",
      "/api/v1/documents/registers/{id}/entries/{entryId}",
      "/api/v1/documents/registers/{id}/entries/{entryId}/corrections",
      "/api/v1/documents/registers/{id}/export.pdf",
    ])
      assert.ok(paths.includes(path), path);
    assert.ok(
      spec.paths["/api/v1/documents/registers/{id}/entries/{entryId}"]!.patch!.responses["4XX"],
    );
  });

  it("opens a register, registers documents and pages through them with filters", async () => {
    const register = await openRegister({ direction: "outgoing", year: 2031, kind: "ordinary" });
    assert.equal(register.name, "Sổ đăng ký văn bản đi năm 2031");
    assert.equal(
      (await call("GET", `/registers/${register.id}`, specialist)).json().id,
      register.id,
    );
    const decision = await addEntry(register.id, {
      typeCode: "QĐ",
      documentDate: "2031-01-05",
      subject: "Quyết định thành lập Tổ công tác đặc biệt",
      signer: "Nguyễn Minh Tuấn",
      copies: 3,
    });
    const letter = await addEntry(register.id, {
      typeCode: "CV",
      unit: "VP",
      documentDate: "2031-02-10",
      subject: "V/v đôn đốc báo cáo định kỳ",
      counterpart: "Sở Nội vụ Thành phố Đà Nẵng",
    });
    const report = await addEntry(register.id, {
      typeCode: "BC",
      documentDate: "2031-03-15",
      subject: "Báo cáo tổng kết công tác văn thư",
      urgency: "khan",
    });
    assert.deepEqual(
      [decision.symbol, letter.symbol, report.symbol],
      ["1/QĐ-BNV", "2/BNV-VP", "3/BC-BNV"],
    );
    assert.equal(
      (await call("GET", `/registers/${register.id}/entries/${letter.id}`, specialist)).json()
        .counterpart,
      "Sở Nội vụ Thành phố Đà Nẵng",
    );

    const page = async (query: string) => {
      const response = await call("GET", `/registers/${register.id}/entries?${query}`, specialist);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as { items: RegisterEntry[]; nextCursor: string | null };
      return { numbers: body.items.map((e) => e.number), nextCursor: body.nextCursor };
    };
    const one = await page("limit=2");
    assert.deepEqual(one.numbers, [1, 2]);
    assert.deepEqual(await page(`limit=2&cursor=${one.nextCursor}`), {
      numbers: [3],
      nextCursor: null,
    });
    assert.deepEqual((await page("order=desc&limit=2")).numbers, [3, 2]);
    assert.deepEqual(
      (await page("q=thanh%20lap%20to%20cong%20tac")).numbers,
      [1],
      "accents optional",
    );
    assert.deepEqual((await page("q=da%20nang")).numbers, [2], "counterpart searched");
    assert.deepEqual((await page(`q=${encodeURIComponent("2/BNV-VP")}`)).numbers, [2]);
    assert.deepEqual((await page("typeCode=BC")).numbers, [3]);
    assert.deepEqual((await page("from=2031-02-01&to=2031-02-28")).numbers, [2]);
  });

  it("corrects an entry keeping the values it replaced, audited; number and symbol stay", async () => {
    const register = await openRegister({ direction: "incoming", year: 2025, kind: "ordinary" });
    const entry = await addEntry(register.id, {
      typeCode: "CV",
      symbol: "45/BTP-VP",
      documentDate: "2025-04-01",
      receivedOn: "2025-04-03",
      subject: "V/v góp ý dự thảo Thông tư",
      counterpart: "Bộ Tư pháp",
    });
    assert.deepEqual([entry.number, entry.receivedOn, entry.revision], [1, "2025-04-03", 1]);
    const corrected = await call("PATCH", `/registers/${register.id}/entries/${entry.id}`, clerk, {
      subject: "V/v góp ý dự thảo Thông tư quy định chế độ báo cáo thống kê",
      internalRecipient: "Vụ Pháp chế",
      counterpart: "Bộ Tư pháp",
      reason: "Ghi thiếu trích yếu",
    });
    assert.equal(corrected.statusCode, 200, corrected.body);
    const after = corrected.json() as RegisterEntry;
    assert.deepEqual(
      [after.number, after.symbol, after.revision, after.internalRecipient],
      [1, "45/BTP-VP", 2, "Vụ Pháp chế"],
    );
    assert.ok(after.correctedAt);
    const history = await call(
      "GET",
      `/registers/${register.id}/entries/${entry.id}/corrections`,
      specialist,
    );
    const items = (history.json() as { items: EntryCorrection[] }).items;
    assert.equal(items.length, 1);
    assert.deepEqual(items[0]!.previous, {
      subject: "V/v góp ý dự thảo Thông tư",
      internalRecipient: null,
    });
    assert.equal(items[0]!.current.subject, after.subject);
    assert.equal(items[0]!.reason, "Ghi thiếu trích yếu");
    assert.equal(items[0]!.revision, 2);
    const search = await call("GET", `/registers/${register.id}/entries?q=thong%20ke`, clerk);
    assert.equal(search.json().items.length, 1, "the corrected subject is searched");
    const audit = await searchAudit(platform.ctx.db, {
      action: "documents.entry_corrected",
      targetId: entry.id,
      limit: 5,
    });
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details.fields, ["subject", "internalRecipient"]);
  });

  it("closes a register, which then refuses entries and corrections, and reopens it", async () => {
    const register = await openRegister({ direction: "outgoing", year: 2032, kind: "secret" });
    const entry = await addEntry(register.id, {
      typeCode: "BC",
      documentDate: "2032-01-02",
      subject: "Báo cáo mật",
      confidentiality: "toi_mat",
    });
    const closed = await call("POST", `/registers/${register.id}/close`, clerk);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal((closed.json() as Register).status, "closed");
    assert.ok((closed.json() as Register).closedAt);
    const refused = await call("POST", `/registers/${register.id}/entries`, clerk, {
      typeCode: "BC",
      documentDate: "2032-01-03",
      subject: "Muộn",
      confidentiality: "mat",
    });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().code, "unprocessable");
    const correction = await call("PATCH", `/registers/${register.id}/entries/${entry.id}`, clerk, {
      notes: "Bổ sung",
      reason: "Thử",
    });
    assert.equal(correction.statusCode, 422);
    assert.equal((await call("POST", `/registers/${register.id}/close`, clerk)).statusCode, 409);
    const reopened = await call("POST", `/registers/${register.id}/reopen`, clerk);
    assert.equal((reopened.json() as Register).status, "open");
    const late = await addEntry(register.id, {
      typeCode: "BC",
      documentDate: "2032-12-30",
      subject: "Báo cáo bổ sung",
      confidentiality: "mat",
    });
    assert.equal(late.number, 2);
    const actions = (
      await searchAudit(platform.ctx.db, {
        action: "documents.register_",
        targetId: register.id,
        limit: 10,
      })
    )
      .map((a) => a.action)
      .sort();
    assert.deepEqual(actions, [
      "documents.register_closed",
      "documents.register_created",
      "documents.register_reopened",
    ]);
  });
});
