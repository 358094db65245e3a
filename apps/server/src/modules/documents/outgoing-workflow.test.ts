import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { after, before, describe, it } from "node:test";
import { parseEdxml } from "@lienthong/edxml";
import { toPem } from "@lienthong/pki";
import { sql } from "kysely";
import {
  makeSignaturePng,
  makeTestPdf,
  pdfsig,
} from "../../../../../packages/pki/src/pdf/test-documents.ts";
import { searchAudit } from "../../core/audit.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { caCertificate } from "../trust/index.ts";
import { documentsKpis } from "./kpis.ts";
import { deliverDue } from "./outbound-delivery.ts";
import { DOCX_TYPE, findLibreOffice } from "./outgoing.ts";

type Headers = Record<string, string>;
const BASE = "/api/v1/documents";

/**
 * The outgoing story between two agencies of one installation, over the HTTP API: draft → review
 * (returned once) → leader's signature → number → agency seal → issue; the package is handed to
 * the recipient's inbox, accepted there, and its status comes back to the sender's timeline. Every
 * signed PDF is checked with pdfsig, the package and the status with xmlsec1.
 */
describe("documents API: drafting, signing, numbering, sealing and issuing an outgoing document", () => {
  let platform: Platform;
  let ministry: Organization;
  let province: Organization;
  let drafter: Headers;
  let leader: Headers;
  let clerk: Headers;
  let provinceClerk: Headers;
  let provinceLeader: Headers;
  let provinceSpecialist: Headers;
  let provinceSpecialistId: string;
  let tmp: string;
  let provinceIncomingRegister = "";
  let rootPem: string;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, { shortName: "BNV", name: "Bộ Nội vụ thử nghiệm" });
    province = await createTestOrganization(db, {
      shortName: "SNV",
      name: "Sở Nội vụ tỉnh thử nghiệm",
    });
    const user = async (organization: Organization, roles: ("specialist" | "leader" | "clerk")[]) =>
      (await createTestUser(platform, { organizationId: organization.id, roles })).bearer;
    drafter = await user(ministry, ["specialist"]);
    leader = await user(ministry, ["leader"]);
    clerk = await user(ministry, ["clerk"]);
    provinceClerk = await user(province, ["clerk"]);
    provinceLeader = await user(province, ["leader"]);
    const specialist = await createTestUser(platform, {
      organizationId: province.id,
      roles: ["specialist"],
    });
    provinceSpecialist = specialist.bearer;
    provinceSpecialistId = specialist.user.id;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lt-outgoing-"));
    rootPem = toPem(await caCertificate(platform.ctx, "root-ca"), "CERTIFICATE");
    fs.writeFileSync(path.join(tmp, "root.pem"), rootPem);
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await platform.stop();
  });

  const call = (method: "GET" | "POST", url: string, headers: Headers, payload?: object) =>
    platform.app.inject({
      method,
      url: `${BASE}${url}`,
      headers,
      ...(method === "POST" && { payload: payload ?? {} }),
    });
  const upload = (id: string, headers: Headers, body: Uint8Array, type = "application/pdf") =>
    platform.app.inject({
      method: "PUT",
      url: `${BASE}/documents/${id}/draft?name=${encodeURIComponent("Công văn dự thảo.pdf")}`,
      headers: { ...headers, "content-type": type },
      payload: Buffer.from(body),
    });
  const mainFile = async (id: string, headers: Headers) => {
    const detail = (await call("GET", `/documents/${id}`, headers)).json();
    const file = (await call("GET", `/documents/${id}/files/${detail.mainFileId}`, headers))
      .rawPayload;
    return { detail, pdf: new Uint8Array(file) };
  };
  /** Runs delivery passes until every package queued about `documentId` is sent (the background
   * job may take some of them meanwhile). */
  const delivered = async (documentId: string, kind: "edoc" | "status") => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await deliverDue(platform.ctx);
      const { rows } = await sql<{ state: string; last_error: string | null }>`
        select state, last_error from doc_outbound
        where document_id = ${documentId} and kind = ${kind}`.execute(platform.ctx.db);
      assert.ok(rows.length > 0);
      assert.deepEqual(
        rows.filter((r) => r.state === "failed"),
        [],
      );
      if (rows.every((r) => r.state === "sent")) return;
      assert.ok(Date.now() < deadline, "packages still pending after 30 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const xmlsec = (xml: string) => {
    const file = path.join(tmp, `package-${Date.now()}.xml`);
    fs.writeFileSync(file, xml);
    return spawnSync("xmlsec1", ["--verify", "--trusted-pem", path.join(tmp, "root.pem"), file], {
      encoding: "utf8",
    });
  };
  const outbound = async (documentId: string, kind: "edoc" | "status") => {
    const rows = await sql<{ package_sha256: string; to_code: string; idempotency_key: string }>`
      select package_sha256, to_code, idempotency_key from doc_outbound
      where document_id = ${documentId} and kind = ${kind} order by created_at`.execute(
      platform.ctx.db,
    );
    const blobs = blobStoreFor(platform.ctx.config);
    return Promise.all(
      rows.rows.map(async (r) => ({ ...r, xml: (await blobs.read(r.package_sha256)).toString() })),
    );
  };

  it("takes a draft through review, signatures and numbering, and issues it as a signed edXML package", async () => {
    const created = await call("POST", "/outgoing", drafter, {
      typeCode: "CV",
      subject: "V/v báo cáo kết quả chuyển đổi số năm 2026",
      summary: "Đề nghị Sở báo cáo trước ngày 15/12/2026.",
      urgency: "khan",
      draftingUnit: "VP",
      dueDate: "2026-12-15",
      signer: { name: "Nguyễn Văn Bình", position: "Thứ trưởng", competence: "KT. BỘ TRƯỞNG" },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    assert.equal(created.json().status, "draft");
    assert.equal((await call("POST", `/documents/${id}/submit`, drafter)).statusCode, 422);

    assert.equal(
      (await upload(id, drafter, new TextEncoder().encode("x"), "text/plain")).statusCode,
      415,
    );
    const notPdf = await upload(id, drafter, new TextEncoder().encode("không phải PDF"));
    assert.equal(notPdf.statusCode, 422);
    assert.match(notPdf.json().detail, /không phải PDF/);
    const draftPdf = await makeTestPdf({ pages: 2 });
    const uploaded = await upload(id, drafter, draftPdf);
    assert.equal(uploaded.statusCode, 200, uploaded.body);
    assert.equal(uploaded.json().role, "draft");
    assert.equal(uploaded.json().name, "Công văn dự thảo.pdf");

    assert.equal(
      (await call("POST", `/documents/${id}/submit`, drafter)).json().status,
      "in_review",
    );
    const returned = await call("POST", `/documents/${id}/return`, leader, {
      note: "Bổ sung thời hạn báo cáo.",
    });
    assert.equal(returned.json().status, "returned");
    assert.equal(
      (await call("POST", `/documents/${id}/submit`, drafter)).json().status,
      "in_review",
    );

    // Only a leader signs; a bad handwriting image is refused before anything changes.
    assert.equal((await call("POST", `/documents/${id}/sign`, drafter)).statusCode, 403);
    const badImage = await call("POST", `/documents/${id}/sign`, leader, {
      signatureImage: Buffer.from("GIF89a").toString("base64"),
    });
    assert.equal(badImage.statusCode, 400);
    const signed = await call("POST", `/documents/${id}/sign`, leader, {
      signatureImage: Buffer.from(makeSignaturePng()).toString("base64"),
    });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(signed.json().status, "signed");
    const afterLeader = await mainFile(id, leader);
    const leaderSigs = pdfsig(afterLeader.pdf);
    assert.equal(leaderSigs.length, 1);
    assert.ok(leaderSigs[0]!.valid, leaderSigs[0]!.text);
    // An incremental update: the draft's bytes are the signed file's beginning.
    assert.deepEqual(afterLeader.pdf.subarray(0, draftPdf.length), draftPdf);

    assert.equal((await call("POST", `/documents/${id}/number`, drafter)).statusCode, 403);
    const numbered = await call("POST", `/documents/${id}/number`, clerk);
    assert.equal(numbered.statusCode, 200, numbered.body);
    const { number, symbol } = numbered.json() as { number: number; symbol: string };
    assert.equal(symbol, `${number}/BNV-VP`);
    assert.ok(number >= 1);

    const sealed = await call("POST", `/documents/${id}/seal`, clerk);
    assert.equal(sealed.statusCode, 200, sealed.body);
    const afterSeal = await mainFile(id, clerk);
    const sigs = pdfsig(afterSeal.pdf);
    assert.equal(sigs.length, 2);
    assert.ok(
      sigs.every((s) => s.valid),
      sigs.map((s) => s.text).join("\n"),
    );
    assert.ok(sigs[1]!.totalDocument, "the seal covers the whole file");
    assert.deepEqual(afterSeal.pdf.subarray(0, afterLeader.pdf.length), afterLeader.pdf);
    // The signature panel's checks of our own file: the leader's and the agency's, both valid.
    const checks = (await call("GET", `/documents/${id}/validation`, drafter)).json();
    assert.equal(checks.items.length, 1);
    assert.equal(checks.items[0].indication, "TOTAL_PASSED");
    assert.equal(checks.items[0].signatures.length, 2);
    assert.ok(
      checks.items[0].signatures.every((s: { timestamped: boolean }) => s.timestamped),
      JSON.stringify(checks.items[0].signatures),
    );

    const unknown = await call("POST", `/documents/${id}/issue`, clerk, {
      recipientCodes: [province.code, "000.00.00.Z99"],
    });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.json().detail, /Không có cơ quan mã 000\.00\.00\.Z99/);
    const toSelf = await call("POST", `/documents/${id}/issue`, clerk, {
      recipientCodes: [ministry.code],
    });
    assert.equal(toSelf.statusCode, 422);
    assert.equal((await outbound(id, "edoc")).length, 0, "a refused issue queues nothing");

    const issued = await call("POST", `/documents/${id}/issue`, clerk, {
      recipientCodes: [province.code],
    });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.equal(issued.json().status, "issued");
    assert.equal(
      (
        await call("POST", `/documents/${id}/issue`, clerk, {
          recipientCodes: [province.code],
        })
      ).statusCode,
      422,
    );

    const [pkg, ...more] = await outbound(id, "edoc");
    assert.equal(more.length, 0);
    assert.equal(pkg!.to_code, province.code);
    const checked = xmlsec(pkg!.xml);
    assert.equal(checked.status, 0, checked.stderr);
    const parsed = await parseEdxml({ input: pkg!.xml });
    assert.equal(parsed.kind, "edoc");
    if (parsed.kind !== "edoc") return;
    assert.equal(parsed.edoc.code.codeNumber, String(number));
    assert.equal(parsed.edoc.code.codeNotation, "BNV-VP");
    assert.equal(parsed.edoc.subject, "V/v báo cáo kết quả chuyển đổi số năm 2026");
    assert.equal(parsed.edoc.otherInfo?.priority, 1);
    assert.equal(parsed.edoc.dueDate, "2026-12-15");
    assert.deepEqual(
      parsed.edoc.to.map((t) => t.organId),
      [province.code],
    );

    // The delivery job hands the package to the province (an agency of this platform).
    await delivered(id, "edoc");
    const theirs = (
      await sql<{ id: string }>`select id from doc_documents
        where organization_id = ${province.id} and edxml_document_id = ${parsed.edoc.documentId}`.execute(
        platform.ctx.db,
      )
    ).rows[0]!.id;
    const validation = (await call("GET", `/documents/${theirs}/validation`, provinceClerk)).json();
    assert.ok(
      validation.items.every((v: { indication: string }) => v.indication === "TOTAL_PASSED"),
      JSON.stringify(validation),
    );
    const received = await mainFile(theirs, provinceClerk);
    const attachment = received.detail.files.find((f: { role: string }) => f.role === "attachment");
    const attachedPdf = new Uint8Array(
      (await call("GET", `/documents/${theirs}/files/${attachment.id}`, provinceClerk)).rawPayload,
    );
    assert.deepEqual(attachedPdf, afterSeal.pdf);
    const accepted = await call("POST", `/documents/${theirs}/accept`, provinceClerk);
    assert.equal(accepted.statusCode, 200, accepted.body);
    provinceIncomingRegister = (
      await sql<{ register_id: string }>`select n.register_id from doc_register_entries n
        join doc_documents d on d.register_entry_id = n.id where d.id = ${theirs}`.execute(
        platform.ctx.db,
      )
    ).rows[0]!.register_id;

    // The province's leader assigns it, the specialist handles it and reports it done.
    const assigned = await call("POST", `/documents/${theirs}/assign`, provinceLeader, {
      direction: "Giao phòng Công chức chủ trì, báo cáo đúng hạn.",
      mainUserId: provinceSpecialistId,
      dueDate: "2026-12-12",
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(
      (await call("POST", `/documents/${theirs}/start`, provinceSpecialist)).statusCode,
      200,
    );
    const done = await call("POST", `/documents/${theirs}/complete`, provinceSpecialist, {
      note: "Đã gửi báo cáo số 45/BC-SNV.",
    });
    assert.equal(done.statusCode, 200, done.body);

    // Every status goes back sealed; handed to the sender, they make its per-recipient timeline.
    const statuses = await outbound(theirs, "status");
    const codes = statuses.map((s) => s.idempotency_key.split(":").pop());
    assert.deepEqual(codes, ["01", "03", "04", "05", "06"]);
    for (const status of statuses) assert.equal(xmlsec(status.xml).status, 0);
    await delivered(theirs, "status");
    const ours = (await call("GET", `/documents/${id}`, clerk)).json();
    assert.equal(ours.recipients.length, 1);
    assert.equal(ours.recipients[0].delivery, "sent");
    assert.equal(ours.recipients[0].statusCode, "06");
    assert.deepEqual(
      ours.recipients[0].timeline.map((t: { code: string }) => t.code),
      codes,
    );
    assert.deepEqual(
      ours.events.map((e: { action: string }) => e.action),
      [
        "drafted",
        "draft_uploaded",
        "submitted",
        "returned",
        "submitted",
        "signed",
        "numbered",
        "sealed",
        "issued",
        ...codes.map(() => "recipient_status"),
      ],
    );
    const audit = await searchAudit(platform.ctx.db, { targetId: id, limit: 50 });
    assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), [
      "documents.draft_created",
      "documents.issued",
      "documents.recipient_status_received",
      "documents.sealed",
      "documents.signed",
    ]);
  });

  it("registers a secret document as metadata only and refuses to send it", async () => {
    const created = await call("POST", "/outgoing", drafter, {
      typeCode: "QĐ",
      subject: "Quyết định về công tác bảo vệ bí mật nhà nước",
      confidentiality: "mat",
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    const upload1 = await upload(id, drafter, await makeTestPdf());
    assert.equal(upload1.statusCode, 422);
    assert.match(upload1.json().detail, /không được gửi qua mạng/);
    const numbered = await call("POST", `/documents/${id}/number`, clerk);
    assert.equal(numbered.statusCode, 200, numbered.body);
    assert.match(numbered.json().symbol, /^\d+\/QĐ-BNV$/);
    const refused = await call("POST", `/documents/${id}/issue`, clerk, {
      recipientCodes: [province.code],
    });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.json().detail, /Văn bản mật/);
    assert.equal((await outbound(id, "edoc")).length, 0);
    // The drafter without a leader's or clerk's role does not read it after numbering either way;
    // another organization never sees it.
    assert.equal((await call("GET", `/documents/${id}`, provinceClerk)).statusCode, 404);
  });

  it("converts a DOCX draft with LibreOffice when the server has it, and says so clearly when not", async () => {
    const created = await call("POST", "/outgoing", drafter, {
      typeCode: "CV",
      subject: "Công văn DOCX",
    });
    const id = created.json().id as string;
    // A minimal DOCX is a ZIP; without LibreOffice the server must not pretend to convert it.
    const docx = await makeDocx("Kính gửi: Sở Nội vụ");
    const uploaded = await upload(id, drafter, docx, DOCX_TYPE);
    if (findLibreOffice()) {
      assert.equal(uploaded.statusCode, 200, uploaded.body);
      assert.equal(uploaded.json().contentType, "application/pdf");
    } else {
      assert.equal(uploaded.statusCode, 422);
      assert.match(uploaded.json().detail, /chưa cài LibreOffice.*tải lên bản PDF/);
      const detail = (await call("GET", `/documents/${id}`, drafter)).json();
      assert.equal(detail.files.length, 0);
    }
    const notDocx = await upload(id, drafter, new TextEncoder().encode("abc"), DOCX_TYPE);
    assert.equal(notDocx.statusCode, 422);
    assert.match(notDocx.json().detail, /không phải DOCX/);
  });

  it("keeps another organization out of the workflow", async () => {
    const created = await call("POST", "/outgoing", drafter, {
      typeCode: "TB",
      subject: "Thông báo nghỉ Tết",
    });
    const id = created.json().id as string;
    assert.equal((await upload(id, provinceClerk, await makeTestPdf())).statusCode, 404);
    assert.equal((await call("POST", `/documents/${id}/submit`, provinceClerk)).statusCode, 404);
    const bad = await call("POST", "/outgoing", drafter, { typeCode: "XX", subject: "" });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers["content-type"]), /^application\/problem\+json/);
  });

  it("counts what went electronically for the IOC, secrets and paper apart", async () => {
    const figures = async () =>
      Object.fromEntries((await documentsKpis(platform.ctx)).map((k) => [k.key, k.value]));
    const before = await figures();
    // The ministry's issued document and the province's received copy; the secret one is not.
    assert.equal(before["documents.exchanged_electronically_ytd"], 2);
    assert.equal(before["documents.validly_signed_share_ytd"], 100);
    assert.equal(before["documents.electronic_share_ytd"], 100);
    assert.ok(before["documents.median_hours_to_register"]! >= 0);
    assert.ok(
      before["documents.median_hours_to_done"]! >= before["documents.median_hours_to_register"]!,
    );
    assert.equal(before["documents.overdue_open"], 0);
    // A paper letter registered by hand lowers the electronic share: 2 of 3 entries.
    const paper = await call(
      "POST",
      `/registers/${provinceIncomingRegister}/entries`,
      provinceClerk,
      {
        typeCode: "CV",
        symbol: "12/UBND-VP",
        documentDate: new Date().toISOString().slice(0, 10),
        subject: "Công văn giấy về lịch tiếp công dân",
        counterpart: "UBND huyện thử nghiệm",
      },
    );
    assert.equal(paper.statusCode, 201, paper.body);
    const after = await figures();
    assert.equal(after["documents.electronic_share_ytd"], 66.7);
    assert.equal(after["documents.exchanged_electronically_ytd"], 2);
  });
});

/** A minimal Word document (OOXML in a ZIP of stored entries) with one paragraph. */
async function makeDocx(text: string): Promise<Uint8Array> {
  const files: [string, string][] = [
    [
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      "_rels/.rels",
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      "word/document.xml",
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
    ],
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name, "utf8");
    const data = Buffer.from(content, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
