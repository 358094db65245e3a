import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  makeSignaturePng,
  makeTestPdf,
  pdfsig,
} from "../../../../../packages/pki/src/pdf/test-documents.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { agencySealSigner, demoLeaderSigner } from "./agency-signing.ts";

type Headers = Record<string, string>;
const BASE = "/api/v1/documents";
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/**
 * The leader signs with their own device: the platform prepares the signature and hands out the
 * signed attributes; the "device" here is the demo leader's key, signing exactly those bytes as a
 * USB token would; the platform embeds, timestamps and validates the result.
 */
describe("documents API: signing with the leader's own device (external signing)", () => {
  let platform: Platform;
  let drafter: Headers;
  let leader: Headers;
  let otherLeader: Headers;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { shortName: "BNV" });
    drafter = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["specialist"] })
    ).bearer;
    leader = (await createTestUser(platform, { organizationId: ministry.id, roles: ["leader"] }))
      .bearer;
    otherLeader = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["leader"] })
    ).bearer;
  });
  after(() => platform.stop());

  const post = (url: string, headers: Headers, payload?: object) =>
    platform.app.inject({ method: "POST", url: `${BASE}${url}`, headers, payload: payload ?? {} });

  /** A draft with its PDF, submitted for review; its id and the draft's bytes. */
  const submittedDraft = async () => {
    const created = await post("/outgoing", drafter, {
      typeCode: "QĐ",
      subject: "Quyết định ban hành quy chế làm việc",
    });
    const id = created.json().id as string;
    const pdf = await makeTestPdf({ pages: 1 });
    const uploaded = await platform.app.inject({
      method: "PUT",
      url: `${BASE}/documents/${id}/draft?name=quyet-dinh.pdf`,
      headers: { ...drafter, "content-type": "application/pdf" },
      payload: Buffer.from(pdf),
    });
    assert.equal(uploaded.statusCode, 200, uploaded.body);
    assert.equal((await post(`/documents/${id}/submit`, drafter)).statusCode, 200);
    return { id, pdf };
  };

  it("prepares, takes the device's signature, embeds it with a timestamp and keeps the draft's bytes", async () => {
    const { id, pdf } = await submittedDraft();
    const device = await demoLeaderSigner(platform.ctx);
    assert.equal(
      (
        await post(`/documents/${id}/sign/prepare`, drafter, {
          certificate: b64(device.certificate),
        })
      ).statusCode,
      403,
    );
    const prepared = await post(`/documents/${id}/sign/prepare`, leader, {
      certificate: b64(device.certificate),
      signer: { name: "Nguyễn Văn An", position: "Thứ trưởng" },
      signatureImage: b64(makeSignaturePng()),
    });
    assert.equal(prepared.statusCode, 200, prepared.body);
    const session = prepared.json() as {
      sessionId: string;
      signedAttributes: string;
      algorithm: string;
    };
    assert.match(session.algorithm, /^(RSA|ECDSA)-SHA(256|384)$/);

    // Another leader cannot finish this leader's session.
    const signatureValue = await device.sign(Buffer.from(session.signedAttributes, "base64"));
    const complete = (headers: Headers, value = signatureValue) =>
      post(`/documents/${id}/sign/complete`, headers, {
        sessionId: session.sessionId,
        signatureValue: b64(value),
        chain: device.chain.map(b64),
      });
    assert.equal((await complete(otherLeader)).statusCode, 404);

    const signed = await complete(leader);
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(signed.json().status, "signed");
    assert.equal(signed.json().signer.name, "Nguyễn Văn An");
    const detail = (
      await platform.app.inject({ method: "GET", url: `${BASE}/documents/${id}`, headers: leader })
    ).json();
    const file = await platform.app.inject({
      method: "GET",
      url: `${BASE}/documents/${id}/files/${detail.mainFileId}`,
      headers: leader,
    });
    const bytes = new Uint8Array(file.rawPayload);
    assert.deepEqual(bytes.subarray(0, pdf.length), pdf);
    const sigs = pdfsig(bytes);
    assert.equal(sigs.length, 1);
    assert.ok(sigs[0]!.valid, sigs[0]!.text);
    assert.ok(sigs[0]!.totalDocument, sigs[0]!.text);
    assert.match(sigs[0]!.text, /Signature Type: ETSI\.CAdES\.detached/);
    const event = detail.events.find((e: { action: string }) => e.action === "signed");
    assert.equal(event.details.external, true);

    // The session is spent.
    const again = await complete(leader);
    assert.equal(again.statusCode, 422);
    assert.match(again.json().detail, /Phiên ký đã dùng hoặc đã hết hạn/);
  });

  it("refuses a signature made by another key, and the document stays awaiting review", async () => {
    const { id } = await submittedDraft();
    const device = await demoLeaderSigner(platform.ctx);
    const prepared = (
      await post(`/documents/${id}/sign/prepare`, leader, { certificate: b64(device.certificate) })
    ).json() as { sessionId: string; signedAttributes: string };
    const wrongKey = await agencySealSigner(platform.ctx);
    const forged = await wrongKey.sign(Buffer.from(prepared.signedAttributes, "base64"));
    const refused = await post(`/documents/${id}/sign/complete`, leader, {
      sessionId: prepared.sessionId,
      signatureValue: b64(forged),
      chain: device.chain.map(b64),
    });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.match(refused.json().detail, /Chữ ký số không hợp lệ/);
    const detail = (
      await platform.app.inject({ method: "GET", url: `${BASE}/documents/${id}`, headers: leader })
    ).json();
    assert.equal(detail.status, "in_review");
    assert.equal(detail.files.filter((f: { role: string }) => f.role === "signed").length, 0);

    // The device then signs properly within the same session.
    const good = await device.sign(Buffer.from(prepared.signedAttributes, "base64"));
    const signed = await post(`/documents/${id}/sign/complete`, leader, {
      sessionId: prepared.sessionId,
      signatureValue: b64(good),
      chain: device.chain.map(b64),
    });
    assert.equal(signed.statusCode, 200, signed.body);
  });

  it("explains a certificate it cannot read and a document not awaiting review", async () => {
    const { id } = await submittedDraft();
    const garbage = await post(`/documents/${id}/sign/prepare`, leader, {
      certificate: b64(new TextEncoder().encode("không phải chứng thư")),
    });
    assert.equal(garbage.statusCode, 400);
    assert.match(garbage.json().detail, /Chứng thư số không đọc được/);
    const draft = (
      await post("/outgoing", drafter, { typeCode: "TB", subject: "Thông báo" })
    ).json();
    const device = await demoLeaderSigner(platform.ctx);
    const early = await post(`/documents/${draft.id}/sign/prepare`, leader, {
      certificate: b64(device.certificate),
    });
    assert.equal(early.statusCode, 422);
    assert.match(early.json().detail, /không ở bước chờ duyệt/);
  });
});
