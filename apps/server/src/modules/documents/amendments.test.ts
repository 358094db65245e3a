import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseEdxml } from "@lienthong/edxml";
import { toPem } from "@lienthong/pki";
import { sql } from "kysely";
import {
  makeSignaturePng,
  makeTestPdf,
} from "../../../../../packages/pki/src/pdf/test-documents.ts";
import { searchAudit } from "../../core/audit.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { isAppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { caCertificate } from "../trust/index.ts";
import { receivePackage } from "./incoming.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";
import { deliverDue } from "./outbound-delivery.ts";

type Headers = Record<string, string>;
const BASE = "/api/v1/documents";
type Timeline = { code: string; description: string | null }[];

/**
 * Revoke, update and replace between two agencies of one installation, over the HTTP API: the
 * ministry issues, the province receives; the ministry's requests travel as sealed edXML packages
 * (BussinessDocType 1, 2, 3), the province's answers (15, 16) come back as statuses. Delivery is
 * the platform's own job (`deliverDue`), run by the test; every package is checked with xmlsec1.
 */
describe("documents API: revoking, updating and replacing issued documents", () => {
  let platform: Platform;
  let ministry: Organization;
  let province: Organization;
  let city: Organization;
  let leader: Headers;
  let clerk: Headers;
  let specialist: Headers;
  let provinceClerk: Headers;
  let provinceSpecialist: Headers;
  let cityClerk: Headers;
  let tmp: string;

  before(async () => {
    // Not listening: no job runner, so only the delivery passes the test runs deliver anything.
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, { shortName: "BNV", name: "Bộ Nội vụ thử nghiệm" });
    province = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ thử" });
    city = await createTestOrganization(db, { shortName: "UBND", name: "UBND thành phố thử" });
    const user = async (organization: Organization, roles: ("specialist" | "leader" | "clerk")[]) =>
      (await createTestUser(platform, { organizationId: organization.id, roles })).bearer;
    leader = await user(ministry, ["leader"]);
    clerk = await user(ministry, ["clerk"]);
    specialist = await user(ministry, ["specialist"]);
    provinceClerk = await user(province, ["clerk"]);
    provinceSpecialist = await user(province, ["specialist"]);
    cityClerk = await user(city, ["clerk"]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lt-amendments-"));
    const root = toPem(await caCertificate(platform.ctx, "root-ca"), "CERTIFICATE");
    fs.writeFileSync(path.join(tmp, "root.pem"), root);
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await platform.stop();
  });

  const db = () => platform.ctx.db;
  const call = (method: "GET" | "POST", url: string, headers: Headers, payload?: object) =>
    platform.app.inject({
      method,
      url: `${BASE}${url}`,
      headers,
      ...(method === "POST" && { payload: payload ?? {} }),
    });
  const xmlsec = (xml: string) => {
    const file = path.join(tmp, `package-${Date.now()}-${Math.random()}.xml`);
    fs.writeFileSync(file, xml);
    return spawnSync("xmlsec1", ["--verify", "--trusted-pem", path.join(tmp, "root.pem"), file], {
      encoding: "utf8",
    });
  };
  /** Delivery passes until nothing due is left; every row ends sent (none refused, none waiting). */
  const drain = async () => {
    while ((await deliverDue(platform.ctx, { limit: 50 })).claimed > 0);
    const left = await sql<{ idempotency_key: string; state: string; last_error: string | null }>`
      select idempotency_key, state, last_error from doc_outbound where state <> 'sent'`.execute(
      db(),
    );
    assert.deepEqual(left.rows, []);
  };
  const packages = async (documentId: string, kind: "edoc" | "status") => {
    const rows = await sql<{ package_sha256: string; to_code: string; idempotency_key: string }>`
      select package_sha256, to_code, idempotency_key from doc_outbound
      where document_id = ${documentId} and kind = ${kind} order by created_at, id`.execute(db());
    const blobs = blobStoreFor(platform.ctx.config);
    return Promise.all(
      rows.rows.map(async (r) => ({ ...r, xml: (await blobs.read(r.package_sha256)).toString() })),
    );
  };
  const copyOf = async (organization: Organization, edxmlDocumentId: string) =>
    (
      await sql<{ id: string; status: string }>`select id, status from doc_documents
        where organization_id = ${organization.id} and direction = 'incoming'
          and edxml_document_id = ${edxmlDocumentId}`.execute(db())
    ).rows[0];
  const detail = async (id: string, headers: Headers) =>
    (await call("GET", `/documents/${id}`, headers)).json();
  const amendments = async (id: string, headers: Headers) =>
    (await call("GET", `/documents/${id}/amendments`, headers)).json().items as {
      id: string;
      kind: string;
      state: string;
      reason: string;
      answers: Record<string, string>;
      changes: Record<string, unknown>;
      replacementId: string | null;
    }[];

  /** A công văn taken from draft to issued by the ministry's clerk and leader, delivered. */
  const issue = async (
    subject: string,
    recipients: Organization[],
    replaces?: { documentId: string; reason: string },
  ) => {
    const created = await call("POST", "/outgoing", clerk, {
      typeCode: "CV",
      subject,
      draftingUnit: "VP",
      dueDate: "2026-12-20",
      signer: { name: "Nguyễn Văn Bình", position: "Thứ trưởng" },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    const uploaded = await platform.app.inject({
      method: "PUT",
      url: `${BASE}/documents/${id}/draft?name=du-thao.pdf`,
      headers: { ...clerk, "content-type": "application/pdf" },
      payload: Buffer.from(await makeTestPdf()),
    });
    assert.equal(uploaded.statusCode, 200, uploaded.body);
    assert.equal((await call("POST", `/documents/${id}/submit`, clerk)).statusCode, 200);
    const signed = await call("POST", `/documents/${id}/sign`, leader, {
      signatureImage: Buffer.from(makeSignaturePng()).toString("base64"),
    });
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal((await call("POST", `/documents/${id}/number`, clerk)).statusCode, 200);
    assert.equal((await call("POST", `/documents/${id}/seal`, clerk)).statusCode, 200);
    const issued = await call("POST", `/documents/${id}/issue`, clerk, {
      recipientCodes: recipients.map((r) => r.code),
      ...(replaces && { replaces }),
    });
    assert.equal(issued.statusCode, 200, issued.body);
    await drain();
    return { id, edxmlDocumentId: issued.json().edxmlDocumentId as string };
  };
  const accept = async (copyId: string, headers: Headers) => {
    const accepted = await call("POST", `/documents/${copyId}/accept`, headers);
    assert.equal(accepted.statusCode, 200, accepted.body);
    await drain();
  };

  let revoked = { id: "", edxmlDocumentId: "" };

  it("revokes an issued document: the recipient agrees, cancels its copy, and the sender's document is revoked", async () => {
    const doc = await issue("V/v tổ chức hội nghị sơ kết chuyển đổi số", [province]);
    revoked = doc;
    const copy = (await copyOf(province, doc.edxmlDocumentId))!;
    assert.equal(copy.status, "arrived");
    await accept(copy.id, provinceClerk);

    // A specialist may not revoke; a reason is required; nothing is queued for either.
    const byDrafter = await call("POST", `/documents/${doc.id}/revoke`, specialist, {
      reason: "Hủy hội nghị.",
    });
    assert.equal(byDrafter.statusCode, 403);
    assert.match(byDrafter.json().detail, /Chỉ văn thư hoặc lãnh đạo/);
    assert.equal((await call("POST", `/documents/${doc.id}/revoke`, clerk, {})).statusCode, 400);
    assert.equal((await packages(doc.id, "edoc")).length, 1);

    const revoke = await call("POST", `/documents/${doc.id}/revoke`, leader, {
      reason: "Hội nghị hoãn sang năm 2027.",
    });
    assert.equal(revoke.statusCode, 200, revoke.body);
    assert.equal(revoke.json().status, "issued");
    // One request at a time: a second revoke waits for the answers to the first.
    const again = await call("POST", `/documents/${doc.id}/revoke`, clerk, { reason: "Lần nữa." });
    assert.equal(again.statusCode, 422);
    assert.match(again.json().detail, /chưa|đang chờ/i);

    const [, revokePackage, ...more] = await packages(doc.id, "edoc");
    assert.equal(more.length, 0);
    assert.equal(revokePackage!.to_code, province.code);
    const parsed = await parseEdxml({ input: revokePackage!.xml });
    assert.equal(parsed.kind, "edoc");
    if (parsed.kind !== "edoc") return;
    assert.equal(parsed.edoc.documentId, doc.edxmlDocumentId);
    assert.equal(parsed.edoc.bussiness?.bussinessDocType, 1);
    assert.equal(parsed.edoc.bussiness?.documentId, doc.edxmlDocumentId);
    assert.equal(parsed.edoc.bussiness?.bussinessDocReason, "Hội nghị hoãn sang năm 2027.");
    const sender = await detail(doc.id, clerk);
    assert.equal(sender.recipients[0].statusCode, "13");

    await drain();
    // The same package delivered again is a duplicate: still one request on the copy.
    const repeat = await receivePackage(platform.ctx, {
      source: new TextEncoder().encode(revokePackage!.xml),
      via: "lgsp",
      actor: null,
    });
    assert.equal(repeat.outcome, "duplicate");
    const [request, ...others] = await amendments(copy.id, provinceClerk);
    assert.equal(others.length, 0);
    assert.equal(request!.kind, "revoke");
    assert.equal(request!.state, "pending");
    assert.equal(request!.reason, "Hội nghị hoãn sang năm 2027.");
    const copyDetail = await detail(copy.id, provinceClerk);
    assert.ok(copyDetail.events.some((e: { action: string }) => e.action === "revoke_received"));

    // Only the province's clerk answers; the ministry does not see the copy at all.
    const url = `/documents/${copy.id}/amendments/${request!.id}`;
    assert.equal((await call("POST", `${url}/agree`, provinceSpecialist)).statusCode, 403);
    assert.equal((await call("POST", `${url}/agree`, clerk)).statusCode, 404);
    const agreed = await call("POST", `${url}/agree`, provinceClerk);
    assert.equal(agreed.statusCode, 200, agreed.body);
    assert.equal(agreed.json().status, "revoked");
    assert.equal(agreed.json().amendment.state, "agreed");
    assert.equal((await call("POST", `${url}/agree`, provinceClerk)).statusCode, 422);
    const open = await call("GET", `/documents?direction=incoming&status=accepted`, provinceClerk);
    assert.ok(!open.json().items.some((d: { id: string }) => d.id === copy.id));

    await drain();
    const after = await detail(doc.id, clerk);
    assert.equal(after.status, "revoked");
    assert.deepEqual(
      (after.recipients[0].timeline as Timeline).map((t) => t.code),
      ["01", "03", "04", "13", "15"],
    );
    assert.deepEqual(after.events.map((e: { action: string }) => e.action).slice(-3), [
      "revoke_requested",
      "recipient_status",
      "revoked",
    ]);
    const [sent] = await amendments(doc.id, clerk);
    assert.equal(sent!.state, "agreed");
    assert.deepEqual(sent!.answers, { [province.code]: "15" });
    const audit = await searchAudit(db(), { targetId: copy.id, limit: 50 });
    assert.ok(audit.some((a) => a.action === "documents.revoke_agreed"));
    assert.ok(
      (await searchAudit(db(), { targetId: doc.id, limit: 50 })).some(
        (a) => a.action === "documents.revoke_requested",
      ),
    );
    // A revoked document is not revoked again.
    const twice = await call("POST", `/documents/${doc.id}/revoke`, clerk, { reason: "Lại." });
    assert.equal(twice.statusCode, 422);
  });

  it("records the recipient's refusal (16, with its reason) and keeps both documents", async () => {
    const doc = await issue("V/v cử cán bộ tham gia tập huấn", [province]);
    const copy = (await copyOf(province, doc.edxmlDocumentId))!;
    await accept(copy.id, provinceClerk);
    const revoke = await call("POST", `/documents/${doc.id}/revoke`, clerk, {
      reason: "Nhầm danh sách.",
    });
    assert.equal(revoke.statusCode, 200, revoke.body);
    await drain();
    const [request] = await amendments(copy.id, provinceClerk);
    const url = `/documents/${copy.id}/amendments/${request!.id}`;
    assert.equal((await call("POST", `${url}/refuse`, provinceClerk, {})).statusCode, 400);
    const refused = await call("POST", `${url}/refuse`, provinceClerk, {
      reason: "Sở đã cử cán bộ và đăng ký tham dự.",
    });
    assert.equal(refused.statusCode, 200, refused.body);
    assert.equal(refused.json().status, "accepted");
    assert.equal(refused.json().amendment.state, "refused");
    await drain();
    const [status16] = (await packages(copy.id, "status")).filter((s) =>
      s.idempotency_key.includes(":16:"),
    );
    const parsed = await parseEdxml({ input: status16!.xml });
    assert.ok(
      parsed.kind === "status" &&
        parsed.status.description === "Sở đã cử cán bộ và đăng ký tham dự.",
    );
    const after = await detail(doc.id, clerk);
    assert.equal(after.status, "issued");
    const timeline = after.recipients[0].timeline as Timeline;
    assert.deepEqual(
      timeline.map((t) => t.code),
      ["01", "03", "04", "13", "16"],
    );
    assert.equal(timeline.at(-1)!.description, "Sở đã cử cán bộ và đăng ký tham dự.");
    assert.equal((await amendments(doc.id, clerk))[0]!.state, "refused");
    assert.equal((await copyOf(province, doc.edxmlDocumentId))!.status, "accepted");
    // Answered: the sender may ask again.
    assert.equal(
      (await call("POST", `/documents/${doc.id}/revoke`, clerk, { reason: "Đề nghị lần 2." }))
        .statusCode,
      200,
    );
    await drain();
  });

  it("updates an issued document: a new subject and due date applied on agreement, an added recipient receives the document", async () => {
    const doc = await issue("V/v báo cáo tình hình biên chế", [province]);
    const copy = (await copyOf(province, doc.edxmlDocumentId))!;
    await accept(copy.id, provinceClerk);
    const unknownRemoval = await call("POST", `/documents/${doc.id}/update`, clerk, {
      reason: "Sai nơi nhận.",
      changes: { removeRecipients: [city.code] },
    });
    assert.equal(unknownRemoval.statusCode, 422);
    const update = await call("POST", `/documents/${doc.id}/update`, clerk, {
      reason: "Điều chỉnh thời hạn báo cáo.",
      changes: {
        subject: "V/v báo cáo tình hình biên chế năm 2026",
        dueDate: "2026-12-31",
        addRecipients: [city.code],
      },
    });
    assert.equal(update.statusCode, 200, update.body);
    assert.equal(update.json().subject, "V/v báo cáo tình hình biên chế năm 2026");
    const edocs = await packages(doc.id, "edoc");
    const updatePackage = edocs.find((p) => p.idempotency_key.includes(":update:"))!;
    assert.equal(updatePackage.to_code, province.code);
    const parsed = await parseEdxml({ input: updatePackage.xml });
    assert.ok(parsed.kind === "edoc");
    if (parsed.kind !== "edoc") return;
    assert.equal(parsed.edoc.bussiness?.bussinessDocType, 2);
    assert.deepEqual(parsed.edoc.bussiness?.bussinessDocumentInfo?.receiverList, [
      { organId: city.code, receiverType: 1 },
    ]);
    assert.equal(parsed.edoc.dueDate, "2026-12-31");
    await drain();

    const [request] = await amendments(copy.id, provinceClerk);
    assert.equal(request!.kind, "update");
    assert.deepEqual(request!.changes, {
      subject: "V/v báo cáo tình hình biên chế năm 2026",
      dueDate: "2026-12-31",
    });
    const agreed = await call(
      "POST",
      `/documents/${copy.id}/amendments/${request!.id}/agree`,
      provinceClerk,
    );
    assert.equal(agreed.statusCode, 200, agreed.body);
    assert.equal(agreed.json().status, "accepted");
    assert.equal(agreed.json().subject, "V/v báo cáo tình hình biên chế năm 2026");
    assert.equal(agreed.json().dueDate, "2026-12-31");
    await drain();

    const cityCopy = (await copyOf(city, doc.edxmlDocumentId))!;
    assert.equal(cityCopy.status, "arrived");
    const cityDetail = await detail(cityCopy.id, cityClerk);
    assert.equal(cityDetail.subject, "V/v báo cáo tình hình biên chế năm 2026");
    assert.ok(cityDetail.files.some((f: { role: string }) => f.role === "attachment"));
    const after = await detail(doc.id, clerk);
    assert.equal(after.status, "issued");
    const byCode = Object.fromEntries(
      after.recipients.map((r: { orgCode: string; statusCode: string }) => [
        r.orgCode,
        r.statusCode,
      ]),
    );
    assert.deepEqual(byCode, { [province.code]: "15", [city.code]: "01" });
    assert.equal((await amendments(doc.id, clerk))[0]!.state, "agreed");
  });

  it("replaces an issued document: the new one names the old, the recipient's old copy is replaced on acceptance", async () => {
    const old = await issue("V/v kế hoạch đào tạo kỹ năng số", [province]);
    const oldCopy = (await copyOf(province, old.edxmlDocumentId))!;
    await accept(oldCopy.id, provinceClerk);
    const badReplace = await call("POST", "/outgoing", clerk, { typeCode: "CV", subject: "x" });
    const draftId = badReplace.json().id as string;
    // Only an issued document is replaced; a draft is not revoked either.
    assert.equal(
      (await call("POST", `/documents/${draftId}/revoke`, clerk, { reason: "Nhầm." })).statusCode,
      422,
    );

    const replacement = await issue("V/v kế hoạch đào tạo kỹ năng số (thay thế)", [province], {
      documentId: old.id,
      reason: "Bổ sung đối tượng đào tạo.",
    });
    const [pkg] = await packages(replacement.id, "edoc");
    const parsed = await parseEdxml({ input: pkg!.xml });
    assert.ok(parsed.kind === "edoc");
    if (parsed.kind !== "edoc") return;
    assert.equal(parsed.edoc.bussiness?.bussinessDocType, 3);
    assert.deepEqual(parsed.edoc.bussiness?.replacementInfoList, [
      { documentId: old.edxmlDocumentId, organIdList: [province.code] },
    ]);
    assert.equal((await detail(old.id, clerk)).status, "replaced");

    const newCopy = (await copyOf(province, replacement.edxmlDocumentId))!;
    assert.equal(newCopy.status, "arrived");
    const handling = (await call("GET", `/documents/${newCopy.id}/handling`, provinceClerk)).json();
    assert.deepEqual(
      handling.links.map((l: { id: string }) => l.id),
      [oldCopy.id],
    );
    assert.equal((await copyOf(province, old.edxmlDocumentId))!.status, "accepted");
    await accept(newCopy.id, provinceClerk);
    assert.equal((await copyOf(province, old.edxmlDocumentId))!.status, "replaced");
    const [replaced] = await amendments(oldCopy.id, provinceClerk);
    assert.equal(replaced!.kind, "replace");
    assert.equal(replaced!.state, "agreed");
    assert.equal(replaced!.replacementId, newCopy.id);
  });

  it("refuses a revoke for a document never received, with a receipt, and changes nothing", async () => {
    const header = buildTestEdoc({ code: ministry.code, name: ministry.name }, [
      { code: province.code, name: province.name },
    ]);
    const xml = await sealedEdocPackage(
      platform.ctx,
      {
        ...header,
        bussiness: {
          bussinessDocType: 1,
          bussinessDocReason: "Thu hồi.",
          documentId: header.documentId,
          replacementInfoList: [],
        },
      },
      await signedTestPdf(platform.ctx),
    );
    const count = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from doc_amendments`.execute(db())).rows[0]!
          .n,
      );
    const before = await count();
    const refused = await receivePackage(platform.ctx, {
      source: new TextEncoder().encode(xml),
      via: "lgsp",
      actor: null,
    }).catch((error: unknown) => error);
    assert.ok(isAppError(refused) && refused.code === "unprocessable");
    assert.match(refused.detail!.vi, /chưa từng nhận văn bản này/);
    assert.equal(await count(), before);
    const receipt = await sql<{ outcome: string; reason: string }>`select outcome, reason
      from doc_receipts where edxml_document_id = ${header.documentId}`.execute(db());
    assert.equal(receipt.rows.length, 1);
    assert.equal(receipt.rows[0]!.outcome, "refused");
    // Over HTTP, the same answer as problem details.
    const upload = await platform.app.inject({
      method: "POST",
      url: `${BASE}/inbox`,
      headers: { ...provinceClerk, "content-type": "application/xml" },
      payload: xml,
    });
    assert.equal(upload.statusCode, 422);
    assert.match(String(upload.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(await copyOf(province, header.documentId), undefined);
  });

  it("refuses callers who are not signed in or belong to another organization, on every route", async () => {
    const copy = (await copyOf(province, revoked.edxmlDocumentId))!;
    const [request] = await amendments(copy.id, provinceClerk);
    const routes: [method: "GET" | "POST", url: string, body?: object][] = [
      ["POST", `/documents/${revoked.id}/revoke`, { reason: "Thử." }],
      ["POST", `/documents/${revoked.id}/update`, { reason: "Thử.", changes: { subject: "Thử" } }],
      ["GET", `/documents/${revoked.id}/amendments`],
      ["POST", `/documents/${copy.id}/amendments/${request!.id}/agree`],
      ["POST", `/documents/${copy.id}/amendments/${request!.id}/refuse`, { reason: "Thử." }],
    ];
    for (const [method, url, body] of routes) {
      assert.equal((await call(method, url, {}, body)).statusCode, 401, url);
      const stranger = url.includes(copy.id) ? cityClerk : provinceClerk;
      assert.equal((await call(method, url, stranger, body)).statusCode, 404, url);
    }
  });

  it("signs every package that left, documents and statuses, so that xmlsec1 verifies each", async () => {
    const rows = await sql<{
      package_sha256: string;
    }>`select package_sha256 from doc_outbound`.execute(db());
    assert.ok(rows.rows.length >= 25, String(rows.rows.length));
    const blobs = blobStoreFor(platform.ctx.config);
    for (const row of rows.rows) {
      const checked = xmlsec((await blobs.read(row.package_sha256)).toString());
      assert.equal(checked.status, 0, checked.stderr);
    }
    assert.equal((await detail(revoked.id, clerk)).status, "revoked");
  });
});
