import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Actor } from "../../core/actor.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { isAppError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, userActor } from "../directory/testing.ts";
import { attachFile, searchTextOf } from "./documents.ts";
import { insertDocument } from "./documents-repo.ts";
import { receivePackage } from "./incoming.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";
import { extractPendingPdfTexts } from "./pdf-text-job.ts";
import { searchDocuments, type SearchQuery } from "./search.ts";
import { selectFileTexts } from "./search-repo.ts";

const refused = (code: string) => (error: unknown) => isAppError(error) && error.code === code;

describe("documents: search", () => {
  let platform: Platform;
  let ours: Organization;
  let sender: Organization;
  let other: Organization;
  let clerk: Actor;
  let specialist: Actor;
  let author: Actor;
  let stranger: Actor;
  let received: { id: string; subject: string };
  const ids = { decision: "", plan2015: "", secret: "", elsewhere: "" };

  /** A document row as the drafting and receiving flows write it. */
  const addDocument = async (fields: {
    subject: string;
    direction?: "outgoing" | "incoming";
    status?: string;
    typeCode?: string;
    urgency?: string;
    confidentiality?: string;
    number?: number | null;
    symbol?: string | null;
    date?: string;
    sender?: { code: string; name: string };
    createdBy?: string | null;
    organizationId?: string;
  }) => {
    const id = newId();
    await insertDocument(platform.ctx.db, {
      id,
      organization_id: fields.organizationId ?? ours.id,
      direction: fields.direction ?? "outgoing",
      status: fields.status ?? "issued",
      type_code: fields.typeCode ?? "QD",
      subject: fields.subject,
      summary: null,
      urgency: fields.urgency ?? "normal",
      confidentiality: fields.confidentiality ?? "none",
      drafting_unit: null,
      signer_name: null,
      signer_position: null,
      signer_competence: null,
      number: fields.number ?? null,
      symbol: fields.symbol ?? null,
      document_date: fields.date ?? "2026-11-02",
      register_entry_id: null,
      edxml_document_id: null,
      sender_code: fields.sender?.code ?? null,
      sender_name: fields.sender?.name ?? null,
      due_date: null,
      main_file_id: null,
      search_text: searchTextOf([fields.subject, fields.symbol, fields.sender?.name]),
      created_by: fields.createdBy ?? null,
    });
    return id;
  };

  const find = async (actor: Actor, query: SearchQuery) =>
    (await searchDocuments(platform.ctx.db, actor, query)).items.map((hit) => hit.id);

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    ours = await createTestOrganization(db, { shortName: "BNV", name: "Bộ Nội vụ thử nghiệm" });
    sender = await createTestOrganization(db, {
      shortName: "UBND",
      name: "Ủy ban nhân dân tỉnh Quảng Trị thử nghiệm",
    });
    other = await createTestOrganization(db, { shortName: "BTP", name: "Bộ Tư pháp thử nghiệm" });
    clerk = userActor({ organizationId: ours.id, roles: ["clerk"] });
    specialist = userActor({ organizationId: ours.id, roles: ["specialist"] });
    author = userActor({ organizationId: ours.id, roles: ["specialist"] });
    stranger = userActor({ organizationId: other.id, roles: ["clerk", "leader"] });

    const edoc = buildTestEdoc(sender, [ours]);
    const xml = await sealedEdocPackage(platform.ctx, edoc, await signedTestPdf(platform.ctx));
    const outcome = await receivePackage(platform.ctx, {
      source: new TextEncoder().encode(xml),
      via: "lgsp",
      actor: null,
    });
    assert.equal(outcome.outcome, "arrived");
    assert.equal(outcome.kind, "edoc");
    received = {
      id: outcome.kind === "edoc" ? outcome.documents[0]!.id : "",
      subject: edoc.subject,
    };

    ids.decision = await addDocument({
      subject: "Quyết định ban hành Kế hoạch chuyển đổi số năm 2027",
      number: 15,
      symbol: "15/QĐ-BNV",
      date: "2026-11-10",
      urgency: "khan",
    });
    ids.plan2015 = await addDocument({
      subject: "Kế hoạch tổng kết năm 2015",
      typeCode: "KH",
      number: 7,
      symbol: "7/KH-BNV",
      date: "2026-10-01",
    });
    ids.secret = await addDocument({
      subject: "Công văn mật về chuyển đổi số",
      typeCode: "CV",
      confidentiality: "mat",
      number: 3,
      symbol: "3/BNV-VP",
      createdBy: author.kind === "user" ? author.userId : null,
    });
    ids.elsewhere = await addDocument({
      subject: "Công văn chuyển đổi số của Bộ Tư pháp",
      typeCode: "CV",
      organizationId: other.id,
    });
  });
  after(() => platform.stop());

  it("finds without accents, with accents, and by words in any order", async () => {
    for (const q of ["trien khai chuyen doi so", "TRIỂN KHAI chuyển đổi số", "so doi chuyen"])
      assert.ok((await find(specialist, { q })).includes(received.id), q);
    const hits = await searchDocuments(platform.ctx.db, specialist, { q: "quyet dinh chuyen doi" });
    assert.deepEqual(
      hits.items.map((h) => h.id),
      [ids.decision],
    );
    const snippet = hits.items[0]!.snippet!;
    assert.equal(snippet.field, "subject");
    assert.deepEqual(
      snippet.highlights.map((h) => snippet.text.slice(h.start, h.start + h.length)),
      ["Quyết", "định", "chuyển", "đổi"],
    );
    assert.deepEqual(await find(specialist, { q: "chuyen doi so kiem toan" }), []);
  });

  it("finds a symbol whole or in parts, and a number at the start of a word only", async () => {
    for (const q of ["15/QĐ-BNV", "qd-bnv 15", "15/qd"])
      assert.deepEqual(await find(specialist, { q }), [ids.decision], q);
    // Outgoing only: the received PDF's text ("dong 15") matches "15" too once extracted.
    assert.deepEqual(await find(specialist, { q: "15", direction: "outgoing" }), [ids.decision]);
    assert.deepEqual(await find(specialist, { q: "2015" }), [ids.plan2015]);
    assert.deepEqual(await find(specialist, { q: "kh-bnv" }), [ids.plan2015]);
  });

  it("finds by the sender's name and code, and filters by sender", async () => {
    assert.deepEqual(await find(specialist, { q: "quang tri" }), [received.id]);
    assert.deepEqual(await find(specialist, { q: sender.code }), [received.id]);
    assert.deepEqual(await find(specialist, { senderCode: sender.code }), [received.id]);
    const hit = (await searchDocuments(platform.ctx.db, specialist, { q: "ủy ban quảng" }))
      .items[0]!;
    assert.equal(hit.sender?.code, sender.code);
    assert.equal(hit.snippet?.field, "sender");
  });

  it("finds words of an attached PDF once the extraction job has run", async () => {
    const before = await selectFileTexts(platform.ctx.db, received.id);
    assert.equal(before.length, 1, "the attachment is queued, the package itself is not");
    await extractPendingPdfTexts(platform.ctx);
    const texts = await selectFileTexts(platform.ctx.db, received.id);
    assert.equal(texts[0]!.state, "done");
    assert.ok(texts[0]!.chars! > 1000);
    const hits = await searchDocuments(platform.ctx.db, specialist, {
      q: "noi dung dong 40 cua trang 2",
    });
    assert.deepEqual(
      hits.items.map((h) => h.id),
      [received.id],
    );
    const snippet = hits.items[0]!.snippet!;
    assert.equal(snippet.field, "content");
    assert.ok(snippet.text.includes("noi dung dong"), snippet.text);
    assert.ok(snippet.highlights.length > 0);
  });

  it("leaves a PDF it cannot read without text and does not fail", async () => {
    const id = await addDocument({ subject: "Tờ trình có tệp hỏng", typeCode: "TTr" });
    await attachFile(platform.ctx.db, blobStoreFor(platform.ctx.config), {
      documentId: id,
      actor: author,
      role: "attachment",
      name: "to-trinh.pdf",
      contentType: "application/pdf",
      source: new TextEncoder().encode("not a PDF at all"),
    });
    await extractPendingPdfTexts(platform.ctx);
    const [text] = await selectFileTexts(platform.ctx.db, id);
    assert.equal(text!.state, "done");
    assert.equal(text!.chars, 0);
    assert.deepEqual(await find(specialist, { q: "to trinh tep hong" }), [id]);
  });

  it("filters by direction, status, type, urgency and document date, in cursor pages", async () => {
    const incoming = await find(specialist, { direction: "incoming" });
    assert.ok(incoming.includes(received.id));
    assert.ok(!incoming.includes(ids.decision));
    assert.deepEqual(await find(specialist, { q: "chuyen doi", urgency: "khan" }), [
      ids.decision,
      received.id,
    ]);
    assert.deepEqual(await find(specialist, { q: "chuyen doi", status: "arrived" }), [received.id]);
    assert.deepEqual(await find(specialist, { typeCode: "KH" }), [ids.plan2015]);
    assert.deepEqual(await find(specialist, { q: "ke hoach", status: "arrived" }), []);
    assert.deepEqual(await find(specialist, { q: "ke hoach", from: "2026-11-01" }), [ids.decision]);
    assert.deepEqual(await find(specialist, { q: "ke hoach", to: "2026-10-31" }), [ids.plan2015]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchDocuments(platform.ctx.db, clerk, {
        q: "chuyen doi so",
        limit: 1,
        cursor,
      });
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(seen, await find(clerk, { q: "chuyen doi so", limit: 100 }));
    assert.equal(new Set(seen).size, 3);
  });

  it("shows secret documents only to leaders, clerks, administrators and their creator", async () => {
    assert.ok((await find(clerk, { q: "cong van mat" })).includes(ids.secret));
    const leader = userActor({ organizationId: ours.id, roles: ["leader"] });
    assert.deepEqual(await find(leader, { q: "cong van mat" }), [ids.secret]);
    assert.deepEqual(await find(author, { q: "cong van mat" }), [ids.secret]);
    assert.deepEqual(await find(specialist, { q: "cong van mat" }), []);
    assert.deepEqual(await find(specialist, { q: "3/bnv-vp" }), []);
  });

  it("shows another organization nothing of ours; a system administrator may look", async () => {
    assert.deepEqual(await find(stranger, { q: "chuyen doi so" }), [ids.elsewhere]);
    await assert.rejects(
      searchDocuments(platform.ctx.db, stranger, { q: "chuyen doi so", organizationId: ours.id }),
      refused("not_found"),
    );
    await assert.rejects(
      searchDocuments(platform.ctx.db, null, { q: "x" }),
      refused("unauthenticated"),
    );
    const admin = userActor({ organizationId: other.id, roles: ["system_admin"] });
    const seen = await find(admin, { q: "chuyen doi so", organizationId: ours.id });
    assert.ok(seen.includes(ids.secret) && seen.includes(received.id));
    assert.ok(!seen.includes(ids.elsewhere));
  });

  it("gives the same hits whether the newest documents or the index answer", async () => {
    const big = await createTestOrganization(platform.ctx.db, { shortName: "SYT" });
    const reader = userActor({ organizationId: big.id, roles: ["specialist"] });
    const made: string[] = [];
    for (let i = 0; i < 620; i++)
      made.push(
        await addDocument({
          organizationId: big.id,
          subject: `Báo cáo định kỳ số ${i}${i % 60 === 0 ? " về phòng chống dịch" : ""}${i === 3 ? " bệnh viện tuyến huyện" : ""}`,
        }),
      );
    const newestFirst = [...made].reverse();
    // In every document: pages come from the newest documents, to the last one.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchDocuments(platform.ctx.db, reader, {
        q: "bao cao dinh ky",
        limit: 100,
        cursor,
      });
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(seen, newestFirst);
    // In eleven documents spread over all 620: fewer than a page among the newest 500.
    assert.deepEqual(
      await find(reader, { q: "phong chong dich", limit: 20 }),
      newestFirst.filter((_, k) => (619 - k) % 60 === 0),
    );
    // Only in one of the oldest documents.
    assert.deepEqual(await find(reader, { q: "benh vien tuyen huyen" }), [made[3]]);
  });

  it("refuses inverted dates, a forged cursor and too many words", async () => {
    await assert.rejects(
      searchDocuments(platform.ctx.db, clerk, { from: "2026-12-01", to: "2026-11-01" }),
      refused("validation_failed"),
    );
    await assert.rejects(
      searchDocuments(platform.ctx.db, clerk, { cursor: "bm90LWEtY3Vyc29y" }),
      refused("validation_failed"),
    );
    await assert.rejects(
      searchDocuments(platform.ctx.db, clerk, { q: "a b c d e f g h i j k l m n" }),
      refused("validation_failed"),
    );
  });
});
