import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { execFileSync } from "node:child_process";
import { toPem } from "@lienthong/pki";
import { sql } from "kysely";
import { Agent, request } from "undici";
import type { Db } from "../../core/db/index.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { newId } from "../../core/ids.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import { freePort } from "../../core/testing/processes.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, systemActor } from "../directory/testing.ts";
import { instanceIdentity } from "../exchange/federation/instance-identity.ts";
import { addPeer, updatePeer } from "../exchange/federation/peers.ts";
import { signStatement } from "../exchange/federation/signed-call.ts";
import { caCertificate } from "../trust/index.ts";
import { selectDocumentByEdxmlId } from "./documents-repo.ts";
import { receivePackage } from "./incoming.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";
import { deliverDue } from "./outbound-delivery.ts";
import { issueTestDocument } from "./outbound-testing.ts";

type Row = { state: string; attempts: number; last_error: string | null };

const outbound = async (db: Db, id: string) =>
  (
    await sql<Row>`select state, attempts, last_error from doc_outbound where id = ${id}`.execute(
      db,
    )
  ).rows[0]!;

/** The evidence log's records of a message (the correlation id is the message's id). */
async function exchanges(db: Db, messageId: string) {
  const { rows } = await sql<{
    id: string;
    status: number;
    service_code: string | null;
    request_sha256: string;
    consumer_client_id: string | null;
  }>`select id, status, service_code, request_sha256, consumer_client_id from xch_exchanges
     where correlation_id = ${messageId} order by started_at`.execute(db);
  return rows;
}

/** Waits for a condition another part settles on its own (an evidence batch being written). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i += 1) {
    const value = await read();
    if (ok(value) || i >= 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Two platform instances, each with its own database, blob store and federation listener: the
 * ministry on A, a province's department on B. Each pins the other and lists the agencies the
 * other serves, each trusts the other's CA, and each directory knows the other's agency, as the
 * directory of a ministry lists its correspondents.
 */
describe("documents between two platform instances, through the LGSP federation", () => {
  let a: Platform;
  let b: Platform;
  let aData: string;
  let bData: string;
  let ministryA: Organization;
  let provinceB: Organization;
  /** The province as A's directory lists it. */
  let provinceOnA: Organization;
  let bUrl: string;
  let peerOnA: { id: string };

  before(async () => {
    aData = fs.mkdtempSync(path.join(os.tmpdir(), "lienthong-instance-a-"));
    bData = fs.mkdtempSync(path.join(os.tmpdir(), "lienthong-instance-b-"));
    const [portA, portB] = [await freePort(), await freePort()];
    // Listening, without job runners: only the delivery passes a test runs move anything.
    a = await createTestPlatform({
      listen: true,
      workers: false,
      config: { federationPort: portA, dataDir: aData },
    });
    b = await createTestPlatform({
      listen: true,
      workers: false,
      config: { federationPort: portB, dataDir: bData },
    });
    bUrl = `https://127.0.0.1:${portB}`;
    ministryA = await createTestOrganization(a.ctx.db, { shortName: "BNV", name: "Bộ Nội vụ thử" });
    provinceB = await createTestOrganization(b.ctx.db, {
      shortName: "SNV",
      name: "Sở Nội vụ thử",
    });
    provinceOnA = await createTestOrganization(a.ctx.db, {
      code: provinceB.code,
      name: provinceB.name,
    });
    await createTestOrganization(b.ctx.db, { code: ministryA.code, name: ministryA.name });
    // Each trusts the other's CA, as installations trust the VGCA roots.
    for (const [data, other, name] of [
      [bData, a, "instance-a"],
      [aData, b, "instance-b"],
    ] as const) {
      fs.mkdirSync(path.join(data, "trust-anchors"));
      fs.writeFileSync(
        path.join(data, "trust-anchors", `${name}.pem`),
        toPem(await caCertificate(other.ctx, "root-ca"), "CERTIFICATE"),
      );
    }
    const [aIdentity, bIdentity] = [await instanceIdentity(a.ctx), await instanceIdentity(b.ctx)];
    peerOnA = await addPeer({
      db: a.ctx.db,
      actor: systemActor,
      input: {
        name: "tinh-b",
        url: bUrl,
        certificate: bIdentity.certificatePem,
        orgCodes: [provinceB.code],
      },
    });
    await addPeer({
      db: b.ctx.db,
      actor: systemActor,
      input: {
        name: "bo-a",
        url: `https://127.0.0.1:${portA}`,
        certificate: aIdentity.certificatePem,
        orgCodes: [ministryA.code],
      },
    });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    for (const dir of [aData, bData]) fs.rmSync(dir, { recursive: true, force: true });
  });

  const justAfter = () => new Date(Date.now() + 1000);

  it("delivers a sealed document to the other instance, and its statuses come back", async () => {
    const sent = await issueTestDocument(a.ctx, ministryA, provinceOnA);
    const counts = await deliverDue(a.ctx, { now: justAfter() });
    assert.equal(counts.sent, 1, JSON.stringify(await outbound(a.ctx.db, sent.outboundId)));
    assert.equal((await outbound(a.ctx.db, sent.outboundId)).state, "sent");

    // B took it in, checked: its own copy for the province, from the ministry.
    const copy = await selectDocumentByEdxmlId(
      b.ctx.db,
      provinceB.id,
      "incoming",
      sent.edoc.documentId,
    );
    assert.ok(copy, "B registered an incoming document");
    assert.equal(copy.sender_code, ministryA.code);
    // What B stored is byte for byte what A sealed: xmlsec1 checks its signature on B's copy.
    const { rows } = await sql<{ package_sha256: string; via: string; outcome: string }>`
      select package_sha256, via, outcome from doc_receipts
      where edxml_document_id = ${sent.edoc.documentId}`.execute(b.ctx.db);
    assert.deepEqual(
      rows.map((r) => [r.via, r.outcome]),
      [["lgsp", "arrived"]],
    );
    const stored = blobStoreFor(b.ctx.config).pathOf(rows[0]!.package_sha256);
    assert.equal(fs.readFileSync(stored, "utf8"), sent.xml);
    const anchor = path.join(bData, "trust-anchors", "instance-a.pem");
    execFileSync("xmlsec1", ["--verify", "--trusted-pem", anchor, stored], { stdio: "pipe" });

    // Both evidence logs hold the delivery under one exchange id, with the package's digest.
    const key = `edoc:${sent.edoc.documentId}:${provinceB.code}`;
    const onA = await exchanges(a.ctx.db, key);
    const onB = await eventually(
      () => exchanges(b.ctx.db, key),
      (r) => r.length > 0,
    );
    assert.equal(onA.length, 1);
    assert.equal(onB.length, 1);
    assert.equal(onA[0]!.id, onB[0]!.id);
    assert.equal(onA[0]!.status, 200);
    assert.equal(onA[0]!.service_code, "edxml");
    assert.equal(onA[0]!.request_sha256, rows[0]!.package_sha256);
    assert.equal(onB[0]!.request_sha256, rows[0]!.package_sha256);
    assert.equal(onB[0]!.consumer_client_id, `bo-a/${ministryA.code}`);

    // B's "received" status (01) travels back the same way and lands on A's timeline.
    assert.equal((await deliverDue(b.ctx, { now: justAfter() })).sent, 1);
    const recipient = await sql<{ delivery: string; status_code: string | null }>`
      select delivery, status_code from doc_recipients where id = ${sent.recipientId}`.execute(
      a.ctx.db,
    );
    assert.deepEqual(recipient.rows[0], { delivery: "sent", status_code: "01" });
  });

  it("keeps the package pending while the other instance is down, then delivers it once", async () => {
    const dead = `https://127.0.0.1:${await freePort()}`;
    await updatePeer({ db: a.ctx.db, actor: systemActor, id: peerOnA.id, input: { url: dead } });
    const sent = await issueTestDocument(a.ctx, ministryA, provinceOnA);
    try {
      assert.equal((await deliverDue(a.ctx, { now: justAfter() })).retrying, 1);
      const waiting = await outbound(a.ctx.db, sent.outboundId);
      assert.equal(waiting.state, "pending");
      assert.match(waiting.last_error ?? "", /Chưa kết nối được nền tảng liên kết tinh-b/);
      const recipient = await sql<{ delivery: string }>`
        select delivery from doc_recipients where id = ${sent.recipientId}`.execute(a.ctx.db);
      assert.equal(recipient.rows[0]!.delivery, "pending");
    } finally {
      await updatePeer({ db: a.ctx.db, actor: systemActor, id: peerOnA.id, input: { url: bUrl } });
    }
    // Back up: the next try (its back-off passed) delivers it, and B holds one copy.
    const later = new Date(Date.now() + 120_000);
    assert.equal((await deliverDue(a.ctx, { now: later })).sent, 1);
    assert.equal((await outbound(a.ctx.db, sent.outboundId)).attempts, 2);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from doc_documents
      where edxml_document_id = ${sent.edoc.documentId}`.execute(b.ctx.db);
    assert.equal(rows[0]!.n, 1);
    await deliverDue(b.ctx, { now: justAfter() });
  });

  it("fails the package for good when the other instance refuses it, with its reason", async () => {
    // A document whose package names as sender an agency B does not know.
    const stranger = await createTestOrganization(a.ctx.db, { name: "Cơ quan B không biết" });
    const edoc = buildTestEdoc(stranger, [{ code: provinceB.code, name: provinceB.name }]);
    await updatePeer({
      db: b.ctx.db,
      actor: systemActor,
      id: (await peerIdOn(b.ctx.db, "bo-a"))!,
      input: { orgCodes: [ministryA.code, stranger.code] },
    });
    const sent = await issueTestDocument(a.ctx, stranger, provinceOnA, edoc);
    assert.equal((await deliverDue(a.ctx, { now: justAfter() })).failed, 1);
    const row = await outbound(a.ctx.db, sent.outboundId);
    assert.equal(row.state, "failed");
    assert.match(
      row.last_error ?? "",
      new RegExp(`Cơ quan gửi ${stranger.code} không có trong danh bạ`),
    );
    const recipient = await sql<{ delivery: string }>`
      select delivery from doc_recipients where id = ${sent.recipientId}`.execute(a.ctx.db);
    assert.equal(recipient.rows[0]!.delivery, "failed");
  });

  it("takes from a peer only packages of the agencies that peer serves", async () => {
    // A package sealed on A, from the ministry, but brought as if by a peer serving another agency.
    const edoc = buildTestEdoc({ code: ministryA.code, name: ministryA.name }, [
      { code: provinceB.code, name: provinceB.name },
    ]);
    const xml = await sealedEdocPackage(a.ctx, edoc, await signedTestPdf(a.ctx));
    await assert.rejects(
      receivePackage(b.ctx, {
        source: new TextEncoder().encode(xml),
        via: "lgsp",
        actor: null,
        peer: { name: "bo-khac", orgCodes: ["000.00.00.G99"] },
      }),
      (error: { status: number; detail: { vi: string } }) =>
        error.status === 422 &&
        /Nền tảng liên kết bo-khac không phục vụ cơ quan gửi/.test(error.detail.vi),
    );
    assert.equal(
      await selectDocumentByEdxmlId(b.ctx.db, provinceB.id, "incoming", edoc.documentId),
      undefined,
    );
  });

  it("refuses a body other than the one the sending instance signed, an unsigned delivery and a replayed one", async () => {
    const aIdentity = await instanceIdentity(a.ctx);
    const bIdentity = await instanceIdentity(b.ctx);
    const asA = new Agent({
      connect: {
        cert: aIdentity.certificatePem,
        key: aIdentity.keyPem,
        ca: [bIdentity.certificatePem],
        checkServerIdentity: () => undefined,
      },
    });
    try {
      const signed = Buffer.from("<edXMLEnvelope/>");
      const statement = (exchangeId: string) =>
        signStatement(aIdentity.key, "lgsp-federation-delivery+jws", {
          channel: "edxml",
          from: ministryA.code,
          to: provinceB.code,
          messageId: "thu-nghiem",
          sha256: "0".repeat(64),
          size: signed.length,
          exchangeId,
        });
      const post = async (headers: Record<string, string>, body: Buffer) => {
        const response = await request(`${bUrl}/federation/deliveries/edxml`, {
          method: "POST",
          headers: { "content-type": "application/octet-stream", ...headers },
          body,
          dispatcher: asA,
        });
        return {
          status: response.statusCode,
          body: (await response.body.json()) as Record<string, unknown>,
        };
      };
      const tampered = await post(
        { "x-lgsp-federation-delivery": await statement(newId()) },
        signed,
      );
      assert.equal(tampered.status, 400);
      assert.equal(tampered.body.federationError, "digest_mismatch");
      assert.equal(tampered.body.deliveryRefused, undefined);

      const unsigned = await post({}, signed);
      assert.equal(unsigned.status, 401);
      assert.equal(unsigned.body.federationError, "missing");

      const id = newId();
      await post({ "x-lgsp-federation-delivery": await statement(id) }, signed);
      const replayed = await post({ "x-lgsp-federation-delivery": await statement(id) }, signed);
      assert.equal(replayed.status, 401);
      assert.equal(replayed.body.federationError, "replayed");
    } finally {
      await asA.close();
    }
  });
});

async function peerIdOn(db: Db, name: string): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`select id from xch_peers where name = ${name}`.execute(
    db,
  );
  return rows[0]?.id;
}
