import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { buildEdoc, parseEdxml, signEdxml, verifyEdxml } from "@lienthong/edxml";
import { createDemoPki, toPem } from "@lienthong/pki";
import { makeTestPdf } from "../../../../../packages/pki/src/pdf/test-documents.ts";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { isAppError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, testAgencyCode, userActor } from "../directory/testing.ts";
import { caCertificate } from "../trust/index.ts";
import { getDocument } from "./documents.ts";
import { insertDocument, insertRecipients } from "./documents-repo.ts";
import { receivePackage } from "./incoming.ts";
import { getValidation } from "./incoming-actions.ts";
import {
  buildTestEdoc,
  sealedEdocPackage,
  sealedStatusPackage,
  signedTestPdf,
  tamperPdf,
} from "./incoming-testing.ts";

const refused = (code: string, pattern?: RegExp) => (error: unknown) =>
  isAppError(error) &&
  error.code === code &&
  (!pattern || pattern.test(`${error.detail?.vi} ${error.detail?.en}`));
const bytes = (xml: string) => new TextEncoder().encode(xml);

describe("documents: receiving edXML packages", () => {
  let platform: Platform;
  let ours: Organization;
  let sender: Organization;
  let agency: (o: Organization) => { code: string; name: string };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lt-incoming-"));

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    ours = await createTestOrganization(platform.ctx.db, {
      shortName: "SNV",
      name: "Sở Nội vụ thử nghiệm",
    });
    sender = await createTestOrganization(platform.ctx.db, {
      shortName: "UBND",
      name: "UBND tỉnh thử nghiệm",
    });
    agency = (o) => ({ code: o.code, name: o.name });
  });
  after(async () => {
    await platform.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const receive = (xml: string, actor = null as Parameters<typeof receivePackage>[1]["actor"]) =>
    receivePackage(platform.ctx, { source: bytes(xml), via: "lgsp", actor });

  const queuedStatuses = async (documentId: string) => {
    const rows = await sql<{ package_sha256: string; to_code: string; idempotency_key: string }>`
      select package_sha256, to_code, idempotency_key from doc_outbound
      where document_id = ${documentId} and kind = 'status' order by created_at`.execute(
      platform.ctx.db,
    );
    const blobs = blobStoreFor(platform.ctx.config);
    return Promise.all(
      rows.rows.map(async (r) => {
        const xml = (await blobs.read(r.package_sha256)).toString("utf8");
        const parsed = await parseEdxml({ input: xml });
        assert.equal(parsed.kind, "status");
        return { ...r, xml, status: parsed.kind === "status" ? parsed.status : undefined };
      }),
    );
  };

  it("takes in a well-signed package: arrived, files and checks kept, status 01 sealed and queued", async () => {
    const edoc = buildTestEdoc(agency(sender), [agency(ours)]);
    const xml = await sealedEdocPackage(platform.ctx, edoc, await signedTestPdf(platform.ctx));
    const outcome = await receive(xml);
    assert.equal(outcome.kind, "edoc");
    assert.equal(outcome.outcome, "arrived", JSON.stringify(outcome));
    assert.equal(outcome.kind === "edoc" && outcome.documents.length, 1);
    const id = outcome.kind === "edoc" ? outcome.documents[0]!.id : "";

    const clerk = userActor({ organizationId: ours.id, roles: ["clerk"] });
    const document = await getDocument(platform.ctx.db, clerk, id);
    assert.equal(document.status, "arrived");
    assert.equal(document.direction, "incoming");
    assert.equal(document.symbol, `${edoc.code.codeNumber}/UBND-VP`);
    assert.deepEqual(document.sender, { code: sender.code, name: sender.name });
    assert.equal(document.edxmlDocumentId, edoc.documentId);
    assert.equal(document.urgency, "khan");
    assert.equal(document.dueDate, "2026-12-15");
    assert.deepEqual(
      document.files.map((f) => [f.role, f.contentType]),
      [
        ["received", "application/xml"],
        ["attachment", "application/pdf"],
      ],
    );
    assert.equal(document.mainFileId, document.files[1]!.id);
    assert.equal(document.events[0]?.action, "received");

    const validation = await getValidation({ db: platform.ctx.db, actor: clerk, id });
    const pdf = validation.items.find((v) => v.target === "pdf")!;
    assert.equal(pdf.indication, "TOTAL_PASSED", JSON.stringify(pdf, null, 1));
    assert.equal(pdf.signatures.length, 2);
    assert.ok(pdf.signatures.every((s) => s.timestamped && s.indication === "TOTAL_PASSED"));
    assert.deepEqual(pdf.signatures[0]!.revocation, { status: "good", source: "ocsp" });
    assert.match(pdf.signatures[0]!.summary.vi, /^Hợp lệ: ký bởi .+ lúc \d{4}-/);
    const pack = validation.items.find((v) => v.target === "package")!;
    assert.equal(pack.indication, "TOTAL_PASSED");
    assert.equal(pack.signatures[0]!.revocation?.status, "good");

    const [status] = await queuedStatuses(id);
    assert.equal(status?.to_code, sender.code);
    assert.equal(status?.idempotency_key, `${id}:01`);
    assert.equal(status?.status?.statusCode, "01");
    assert.equal(status?.status?.from.organId, ours.code);
    assert.equal(status?.status?.responseFor.documentId, edoc.documentId);
    const root = toPem(await caCertificate(platform.ctx, "root-ca"), "CERTIFICATE");
    const verified = verifyEdxml({ xml: status!.xml, trustAnchors: [root] });
    assert.deepEqual(verified.errors, []);
    assert.equal(verified.trusted, true);
    fs.writeFileSync(path.join(tmp, "root.pem"), root);
    fs.writeFileSync(path.join(tmp, "status.xml"), status!.xml);
    const xmlsec = spawnSync(
      "xmlsec1",
      ["--verify", "--trusted-pem", path.join(tmp, "root.pem"), path.join(tmp, "status.xml")],
      { encoding: "utf8" },
    );
    assert.equal(xmlsec.status, 0, xmlsec.stderr);

    const audit = await searchAudit(platform.ctx.db, { targetId: id, limit: 10 });
    assert.deepEqual(
      audit.map((a) => a.action),
      ["documents.incoming_received"],
    );
  });

  it("receives a DocumentId once: the same package again answers with the same document and adds nothing", async () => {
    const edoc = buildTestEdoc(agency(sender), [agency(ours)]);
    const xml = await sealedEdocPackage(platform.ctx, edoc, await signedTestPdf(platform.ctx));
    const first = await receive(xml);
    const count = async () =>
      (
        await sql<{ n: string }>`select (select count(*) from doc_documents)
          + (select count(*) from doc_outbound) + (select count(*) from doc_events) as n`.execute(
          platform.ctx.db,
        )
      ).rows[0]!.n;
    const before = await count();
    const again = await receive(xml);
    assert.equal(again.outcome, "duplicate");
    assert.deepEqual(
      again.kind === "edoc" && again.documents.map((d) => d.id),
      first.kind === "edoc" && first.documents.map((d) => d.id),
    );
    assert.equal(await count(), before);
  });

  it("records a package delivered twice at the same moment once", async () => {
    const edoc = buildTestEdoc(agency(sender), [agency(ours)]);
    const xml = await sealedEdocPackage(platform.ctx, edoc, await signedTestPdf(platform.ctx));
    const outcomes = await Promise.all([receive(xml), receive(xml)]);
    assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ["arrived", "duplicate"]);
    const rows = await sql<{ id: string }>`select id from doc_documents
      where edxml_document_id = ${edoc.documentId}`.execute(platform.ctx.db);
    assert.equal(rows.rows.length, 1);
    const ids = outcomes.map((o) => (o.kind === "edoc" ? o.documents[0]!.id : ""));
    assert.deepEqual(ids, [rows.rows[0]!.id, rows.rows[0]!.id]);
  });

  it("rejects a package whose PDF was changed after signing, with the reason, and sends 02", async () => {
    const edoc = buildTestEdoc(agency(sender), [agency(ours)]);
    const pdf = tamperPdf(await signedTestPdf(platform.ctx));
    const outcome = await receive(await sealedEdocPackage(platform.ctx, edoc, pdf));
    assert.equal(outcome.outcome, "rejected");
    assert.match(outcome.kind === "edoc" ? outcome.reason!.en : "", /HASH_FAILURE/);
    const id = outcome.kind === "edoc" ? outcome.documents[0]!.id : "";
    const clerk = userActor({ organizationId: ours.id, roles: ["clerk"] });
    const document = await getDocument(platform.ctx.db, clerk, id);
    assert.equal(document.status, "rejected");
    assert.match(document.events[0]!.note ?? "", /không hợp lệ/);
    const validation = await getValidation({ db: platform.ctx.db, actor: clerk, id });
    const pdfCheck = validation.items.find((v) => v.target === "pdf")!;
    assert.equal(pdfCheck.indication, "TOTAL_FAILED");
    const [status] = await queuedStatuses(id);
    assert.equal(status?.status?.statusCode, "02");
    assert.match(status?.status?.description ?? "", /không hợp lệ/);
  });

  it("takes the sender's corrected package after a rejection as a new copy, once", async () => {
    const edoc = buildTestEdoc(agency(sender), [agency(ours)]);
    const broken = await sealedEdocPackage(
      platform.ctx,
      edoc,
      tamperPdf(await signedTestPdf(platform.ctx)),
    );
    const first = await receive(broken);
    assert.equal(first.outcome, "rejected");
    const rejectedId = first.kind === "edoc" ? first.documents[0]!.id : "";
    // The same broken package again changes nothing.
    const again = await receive(broken);
    assert.equal(again.outcome, "duplicate");
    assert.equal(again.kind === "edoc" && again.documents[0]!.id, rejectedId);
    // The corrected package (same DocumentId, a good PDF) arrives as a new copy.
    const corrected = await sealedEdocPackage(
      platform.ctx,
      edoc,
      await signedTestPdf(platform.ctx),
    );
    const second = await receive(corrected);
    assert.equal(second.outcome, "arrived");
    const newId = second.kind === "edoc" ? second.documents[0]!.id : "";
    assert.notEqual(newId, rejectedId);
    // From now on the DocumentId is the new copy's: either package is a duplicate of it.
    for (const xml of [corrected, broken]) {
      const repeat = await receive(xml);
      assert.equal(repeat.outcome, "duplicate");
      assert.equal(repeat.kind === "edoc" && repeat.documents[0]!.id, newId);
    }
    const clerk = userActor({ organizationId: ours.id, roles: ["clerk"] });
    assert.equal((await getDocument(platform.ctx.db, clerk, rejectedId)).status, "rejected");
    assert.equal((await getDocument(platform.ctx.db, clerk, newId)).status, "arrived");
  });

  it("rejects a package changed after its XML signature", async () => {
    const edoc = buildTestEdoc(agency(sender), [agency(ours)]);
    const xml = await sealedEdocPackage(platform.ctx, edoc, await signedTestPdf(platform.ctx));
    const changed = xml.replace("Đề nghị các cơ quan", "Yêu cầu các cơ quan");
    assert.notEqual(changed, xml);
    const outcome = await receive(changed);
    assert.equal(outcome.outcome, "rejected");
    assert.match(outcome.kind === "edoc" ? outcome.reason!.en : "", /changed after signing/);
    const [status] = await queuedStatuses(outcome.kind === "edoc" ? outcome.documents[0]!.id : "");
    assert.equal(status?.status?.statusCode, "02");
  });

  it("rejects a package sealed under another CA, and a document whose PDF carries no signature", async () => {
    const stranger = await createDemoPki({ keyType: "EC" });
    const edoc = buildTestEdoc(agency(sender), [agency(ours)]);
    const unsealed = await buildEdoc({
      edoc,
      attachments: [
        {
          contentId: "cid:van-ban.pdf",
          attachmentName: "van-ban.pdf",
          contentType: "application/pdf",
          content: await signedTestPdf(platform.ctx),
        },
      ],
    }).text();
    const foreign = await receive(await signEdxml({ xml: unsealed, signer: stranger.seal.signer }));
    assert.equal(foreign.outcome, "rejected");
    assert.match(foreign.kind === "edoc" ? foreign.reason!.en : "", /trust anchor/);

    const unsigned = await receive(
      await sealedEdocPackage(
        platform.ctx,
        buildTestEdoc(agency(sender), [agency(ours)]),
        await makeTestPdf({ pages: 1 }),
      ),
    );
    assert.equal(unsigned.outcome, "rejected");
    assert.match(unsigned.kind === "edoc" ? unsigned.reason!.en : "", /SIGNED_DATA_NOT_FOUND/);
  });

  it("refuses a sender outside the directory, a package for nobody here, and malformed XML", async () => {
    const pdf = await signedTestPdf(platform.ctx);
    const stranger = { code: testAgencyCode(), name: "Cơ quan lạ" };
    await assert.rejects(
      receive(await sealedEdocPackage(platform.ctx, buildTestEdoc(stranger, [agency(ours)]), pdf)),
      refused("unprocessable", /không có trong danh bạ/),
    );
    const elsewhere = { code: testAgencyCode(), name: "Cơ quan nền tảng khác" };
    await assert.rejects(
      receive(
        await sealedEdocPackage(platform.ctx, buildTestEdoc(agency(sender), [elsewhere]), pdf),
      ),
      refused("unprocessable", /not addressed to any organization/),
    );
    await assert.rejects(receive("<edXML><oops"), refused("validation_failed"));
    const revoke = buildTestEdoc(agency(sender), [agency(ours)], {
      bussiness: {
        bussinessDocType: 1,
        bussinessDocReason: "Ban hành nhầm",
        replacementInfoList: [],
      },
    });
    await assert.rejects(
      receive(await sealedEdocPackage(platform.ctx, revoke, pdf)),
      // A revoke for a document never received here.
      refused("unprocessable", /never received here/),
    );
    const receipts = await sql<{ outcome: string }>`
      select outcome from doc_receipts where outcome = 'refused'`.execute(platform.ctx.db);
    assert.ok(receipts.rows.length >= 4);
  });

  it("lets a clerk upload only for their own organization; a specialist not at all", async () => {
    const other = await createTestOrganization(platform.ctx.db, { shortName: "STP" });
    const xml = await sealedEdocPackage(
      platform.ctx,
      buildTestEdoc(agency(sender), [agency(other)]),
      await signedTestPdf(platform.ctx),
    );
    await assert.rejects(
      receivePackage(platform.ctx, {
        source: bytes(xml),
        via: "upload",
        actor: userActor({ organizationId: ours.id, roles: ["clerk"] }),
      }),
      refused("unprocessable", /not addressed to your organization/),
    );
    await assert.rejects(
      receivePackage(platform.ctx, {
        source: bytes(xml),
        via: "upload",
        actor: userActor({ organizationId: other.id, roles: ["specialist"] }),
      }),
      refused("forbidden"),
    );
    const outcome = await receivePackage(platform.ctx, {
      source: bytes(xml),
      via: "upload",
      actor: userActor({ organizationId: other.id, roles: ["clerk"] }),
    });
    assert.equal(outcome.outcome, "arrived");
  });

  it("records a recipient's status about our outgoing document on that recipient's timeline", async () => {
    const db = platform.ctx.db;
    const documentId = `${ours.code},2026/11/25,77/SNV-VP`;
    const doc = newId();
    await insertDocument(db, {
      id: doc,
      organization_id: ours.id,
      direction: "outgoing",
      status: "issued",
      type_code: "CV",
      subject: "Về việc báo cáo số liệu",
      summary: null,
      urgency: "normal",
      confidentiality: "none",
      drafting_unit: null,
      signer_name: null,
      signer_position: null,
      signer_competence: null,
      number: 77,
      symbol: "77/SNV-VP",
      document_date: "2026-11-25",
      register_entry_id: null,
      edxml_document_id: documentId,
      sender_code: null,
      sender_name: null,
      due_date: null,
      main_file_id: null,
      search_text: "ve viec bao cao so lieu",
      created_by: null,
    });
    const recipientId = newId();
    await insertRecipients(db, [
      {
        id: recipientId,
        document_id: doc,
        kind: "external",
        organization_id: sender.id,
        org_code: sender.code,
        org_name: sender.name,
        user_id: null,
        delivery: "sent",
        status_code: null,
        status_note: null,
        status_at: null,
      },
    ]);
    const status = (code: "01" | "03", at: string) =>
      sealedStatusPackage(platform.ctx, {
        from: agency(sender),
        to: agency(ours),
        documentId,
        symbol: "77/SNV-VP",
        code,
        at: new Date(at),
      });
    const accepted = await status("03", "2026-11-26T03:00:00Z");
    const outcome = await receive(accepted);
    assert.equal(outcome.kind, "status");
    assert.equal(outcome.outcome, "status_recorded");
    assert.equal(outcome.kind === "status" && outcome.recipientId, recipientId);
    // An older status arriving late joins the timeline but does not replace the current one.
    await receive(await status("01", "2026-11-26T01:00:00Z"));
    assert.equal((await receive(accepted)).outcome, "duplicate");

    const clerk = userActor({ organizationId: ours.id, roles: ["clerk"] });
    const detail = await getDocument(db, clerk, doc);
    const recipient = detail.recipients[0]!;
    assert.equal(recipient.statusCode, "03");
    assert.deepEqual(
      recipient.timeline.map((t) => t.code),
      ["01", "03"],
    );
    assert.equal(recipient.timeline[1]!.staff, "Trần Thị Bình");
    assert.ok(detail.events.some((e) => e.action === "recipient_status"));

    await assert.rejects(
      receive(
        await sealedStatusPackage(platform.ctx, {
          from: agency(sender),
          to: agency(ours),
          documentId: `${ours.code},2026/11/25,999/SNV-VP`,
          symbol: "999/SNV-VP",
          code: "01",
          at: new Date(),
        }),
      ),
      refused("unprocessable", /No outgoing document/),
    );
  });
});
