import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../core/audit.ts";
import { isAppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, userActor } from "../directory/testing.ts";
import { buildSymbol } from "./document-types.ts";
import { createRegister, getRegister, listEntries, registerEntry } from "./registers.ts";

const rejects = (code: string) => (error: unknown) => isAppError(error) && error.code === code;

describe("documents: registers and numbering (Decree 30/2020)", () => {
  let platform: Platform;
  let org: Organization;
  let other: Organization;

  before(async () => {
    platform = await createTestPlatform();
    org = await createTestOrganization(platform.ctx.db, { shortName: "BNV" });
    other = await createTestOrganization(platform.ctx.db, { shortName: "BTP" });
  });
  after(async () => {
    await platform.stop();
  });

  const clerk = () => userActor({ organizationId: org.id, roles: ["clerk"] });

  it("builds symbols as the decree writes them", () => {
    assert.equal(buildSymbol({ number: 15, typeCode: "QĐ", issuer: "BNV" }), "15/QĐ-BNV");
    assert.equal(
      buildSymbol({ number: 123, typeCode: "CV", issuer: "BNV", unit: "VP" }),
      "123/BNV-VP",
    );
  });

  it("numbers in sequence, restarts each year, keeps secret documents apart, audits", async () => {
    const db = platform.ctx.db;
    const actor = clerk();
    const y2026 = await createRegister({
      db,
      actor,
      input: {
        organizationId: org.id,
        direction: "outgoing",
        year: 2026,
        kind: "ordinary",
        name: "Sổ văn bản đi 2026",
      },
    });
    const first = await registerEntry({
      db,
      actor,
      registerId: y2026.id,
      input: {
        typeCode: "QĐ",
        documentDate: "2026-03-02",
        subject: "Quyết định thành lập tổ công tác",
      },
    });
    const second = await registerEntry({
      db,
      actor,
      registerId: y2026.id,
      input: { typeCode: "CV", unit: "VP", documentDate: "2026-03-03", subject: "Về việc báo cáo" },
    });
    assert.deepEqual([first.number, first.symbol], [1, "1/QĐ-BNV"]);
    assert.deepEqual([second.number, second.symbol], [2, "2/BNV-VP"]);

    const y2027 = await createRegister({
      db,
      actor,
      input: {
        organizationId: org.id,
        direction: "outgoing",
        year: 2027,
        kind: "ordinary",
        name: "Sổ văn bản đi 2027",
      },
    });
    const next = await registerEntry({
      db,
      actor,
      registerId: y2027.id,
      input: { typeCode: "QĐ", documentDate: "2027-01-04", subject: "Quyết định năm mới" },
    });
    assert.equal(next.symbol, "1/QĐ-BNV");

    const secret = await createRegister({
      db,
      actor,
      input: {
        organizationId: org.id,
        direction: "outgoing",
        year: 2026,
        kind: "secret",
        name: "Sổ văn bản mật đi 2026",
      },
    });
    const secretEntry = await registerEntry({
      db,
      actor,
      registerId: secret.id,
      input: {
        typeCode: "BC",
        documentDate: "2026-04-01",
        subject: "Báo cáo mật",
        confidentiality: "mat",
      },
    });
    assert.equal(secretEntry.number, 1);
    await assert.rejects(
      registerEntry({
        db,
        actor,
        registerId: y2026.id,
        input: {
          typeCode: "BC",
          documentDate: "2026-04-01",
          subject: "Mật vào sổ thường",
          confidentiality: "mat",
        },
      }),
      rejects("unprocessable"),
    );

    const audit = await searchAudit(db, { action: "documents.", targetId: first.id, limit: 10 });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, "documents.entry_registered");
    const created = await searchAudit(db, {
      action: "documents.register_created",
      targetId: y2026.id,
      limit: 10,
    });
    assert.equal(created.length, 1);
  });

  it("gives 25 concurrent registrations distinct consecutive numbers", async () => {
    const db = platform.ctx.db;
    const actor = clerk();
    const register = await createRegister({
      db,
      actor,
      input: {
        organizationId: org.id,
        direction: "incoming",
        year: 2026,
        kind: "ordinary",
        name: "Sổ văn bản đến 2026",
      },
    });
    const entries = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        registerEntry({
          db,
          actor,
          registerId: register.id,
          input: {
            typeCode: "CV",
            symbol: `${i + 1}/BTP-VP`,
            documentDate: "2026-05-05",
            receivedOn: "2026-05-06",
            subject: `Công văn đến ${i}`,
            counterpart: "Bộ Tư pháp",
          },
        }),
      ),
    );
    assert.deepEqual(
      entries.map((e) => e.number).sort((a, b) => a - b),
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    assert.equal((await getRegister(db, actor, register.id)).lastNumber, 25);
    const arrived = entries.find((e) => e.number === 1)!;
    assert.match(arrived.symbol, /^\d+\/BTP-VP$/);
    await assert.rejects(
      registerEntry({
        db,
        actor,
        registerId: register.id,
        input: {
          typeCode: "CV",
          documentDate: "2026-05-05",
          receivedOn: "2026-05-06",
          subject: "Thiếu ký hiệu",
        },
      }),
      rejects("validation_failed"),
    );
    assert.equal((await getRegister(db, actor, register.id)).lastNumber, 25);
  });

  it("refuses bad input and foreign or unprivileged callers, writing nothing", async () => {
    const db = platform.ctx.db;
    const actor = clerk();
    const register = await createRegister({
      db,
      actor,
      input: {
        organizationId: org.id,
        direction: "outgoing",
        year: 2028,
        kind: "ordinary",
        name: "Sổ đi 2028",
      },
    });
    const input = { typeCode: "QĐ", documentDate: "2028-01-02", subject: "Quyết định" };
    await assert.rejects(
      registerEntry({ db, actor, registerId: register.id, input: { ...input, typeCode: "XX" } }),
      rejects("validation_failed"),
    );
    await assert.rejects(
      registerEntry({
        db,
        actor,
        registerId: register.id,
        input: { ...input, documentDate: "2027-12-31" },
      }),
      rejects("unprocessable"),
    );
    const specialist = userActor({ organizationId: org.id, roles: ["specialist"] });
    await assert.rejects(
      registerEntry({ db, actor: specialist, registerId: register.id, input }),
      rejects("forbidden"),
    );
    const stranger = userActor({ organizationId: other.id, roles: ["clerk"] });
    await assert.rejects(
      registerEntry({ db, actor: stranger, registerId: register.id, input }),
      rejects("not_found"),
    );
    await assert.rejects(getRegister(db, stranger, register.id), rejects("not_found"));
    await assert.rejects(
      createRegister({
        db,
        actor: specialist,
        input: {
          organizationId: org.id,
          direction: "outgoing",
          year: 2029,
          kind: "ordinary",
          name: "x",
        },
      }),
      rejects("forbidden"),
    );
    await assert.rejects(
      createRegister({
        db,
        actor,
        input: {
          organizationId: org.id,
          direction: "outgoing",
          year: 2028,
          kind: "ordinary",
          name: "Trùng",
        },
      }),
      rejects("conflict"),
    );
    assert.deepEqual(await listEntries({ db, actor: specialist, registerId: register.id }), {
      items: [],
      nextCursor: null,
    });
    assert.equal((await getRegister(db, specialist, register.id)).lastNumber, 0);
    const entry = await registerEntry({ db, actor, registerId: register.id, input });
    assert.equal(entry.symbol, "1/QĐ-BNV");
  });
});
