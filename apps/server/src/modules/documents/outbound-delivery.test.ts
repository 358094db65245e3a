import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Edoc } from "@lienthong/edxml";
import { createSelfSignedCertificate, toPem } from "@lienthong/pki";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { newId } from "../../core/ids.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, systemActor, testAgencyCode } from "../directory/testing.ts";
import { addPeer, removePeer } from "../exchange/federation/peers.ts";
import { selectDocumentByEdxmlId } from "./documents-repo.ts";
import { documentsModule } from "./index.ts";
import { receivePackage } from "./incoming.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";
import { queuePackage } from "./outbound.ts";
import { issueTestDocument } from "./outbound-testing.ts";
import {
  DELIVERY_LEASE_MS,
  MAX_RETRY_DELAY_MS,
  deliverDue,
  deliveryJobs,
  retryDelayMs,
} from "./outbound-delivery.ts";
import { claimDuePackages } from "./outbound-delivery-repo.ts";

type OutboundState = {
  state: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  sent_at: Date | null;
  lease: string | null;
};

describe("documents: delivering queued edXML packages", () => {
  let platform: Platform;
  let ministry: Organization;
  let province: Organization;
  const agency = (o: { code: string; name: string }) => ({ code: o.code, name: o.name });

  before(async () => {
    // Not listening: no job runner, so only the passes a test runs deliver anything.
    platform = await createTestPlatform();
    ministry = await createTestOrganization(platform.ctx.db, { shortName: "BNV", name: "Bộ thử" });
    province = await createTestOrganization(platform.ctx.db, {
      shortName: "SNV",
      name: "Sở Nội vụ thử",
    });
  });
  after(async () => {
    await platform.stop();
  });

  const db = () => platform.ctx.db;
  /**
   * A pass time just after what was queued: rows are due from the database's clock (microseconds),
   * a `Date` has milliseconds, so "now" in JavaScript may fall just before a row queued this instant.
   */
  const justAfter = () => new Date(Date.now() + 1000);
  const blobs = () => blobStoreFor(platform.ctx.config);

  /** Pins a federation peer serving `orgCodes`, at an address nothing answers. */
  const pinTestPeer = async (name: string, orgCodes: string[]) => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const certificate = toPem(
      await createSelfSignedCertificate({
        subject: { CN: "peer" },
        privateKey,
        publicKey,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 86_400_000),
      }),
      "CERTIFICATE",
    );
    return addPeer({
      db: db(),
      actor: systemActor,
      input: { name, url: "https://127.0.0.1:9", certificate, orgCodes },
    });
  };

  /** Runs passes until none claims anything; returns the passes' counts summed. */
  const drain = async (now?: Date) => {
    const total = { claimed: 0, sent: 0, failed: 0, retrying: 0, superseded: 0 };
    for (;;) {
      const counts = await deliverDue(platform.ctx, now ? { now } : {});
      if (counts.claimed === 0) return total;
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
    }
  };

  const issue = (from: { code: string; name: string; id: string }, to: Organization, edoc?: Edoc) =>
    issueTestDocument(platform.ctx, from, to, edoc);

  const outbound = async (id: string) =>
    (
      await sql<OutboundState>`select state, attempts, next_attempt_at, last_error, sent_at, lease
        from doc_outbound where id = ${id}`.execute(db())
    ).rows[0]!;
  const recipient = async (id: string) =>
    (
      await sql<{ delivery: string; status_code: string | null }>`select delivery, status_code
        from doc_recipients where id = ${id}`.execute(db())
    ).rows[0]!;
  const receipts = async (edxmlDocumentId: string) =>
    (
      await sql<{ outcome: string }>`select outcome from doc_receipts
        where edxml_document_id = ${edxmlDocumentId} and kind = 'edoc' order by received_at, id`.execute(
        db(),
      )
    ).rows.map((r) => r.outcome);
  const incomingCount = async (edxmlDocumentId: string) =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from doc_documents
          where direction = 'incoming' and edxml_document_id = ${edxmlDocumentId}`.execute(db())
      ).rows[0]!.n,
    );

  it("delivers a document in-process: the recipient's incoming document, sent at the sender, status 01 back", async () => {
    const sent = await issue(ministry, province);
    const counts = await deliverDue(platform.ctx);
    assert.equal(counts.sent, 1, JSON.stringify(counts));
    const row = await outbound(sent.outboundId);
    assert.equal(row.state, "sent");
    assert.equal(row.attempts, 1);
    assert.ok(row.sent_at instanceof Date);
    assert.equal(row.lease, null);
    assert.equal((await recipient(sent.recipientId)).delivery, "sent");

    const arrived = await selectDocumentByEdxmlId(
      db(),
      province.id,
      "incoming",
      sent.edoc.documentId,
    );
    assert.equal(arrived?.status, "arrived");
    assert.equal(arrived?.sender_code, ministry.code);
    assert.deepEqual(await receipts(sent.edoc.documentId), ["arrived"]);

    const status = await sql<{ id: string; state: string; to_code: string }>`
      select id, state, to_code from doc_outbound
      where document_id = ${arrived!.id} and kind = 'status'`.execute(db());
    assert.equal(status.rows.length, 1);
    assert.equal(status.rows[0]!.to_code, ministry.code);
    assert.equal(status.rows[0]!.state, "pending");

    const back = await deliverDue(platform.ctx);
    assert.equal(back.sent, 1, JSON.stringify(back));
    assert.equal((await outbound(status.rows[0]!.id)).state, "sent");
    assert.deepEqual(await recipient(sent.recipientId), { delivery: "sent", status_code: "01" });
  });

  it("counts a package the receiver already holds as delivered, and records nothing twice", async () => {
    const sent = await issue(ministry, province);
    await drain();
    // The same package queued again under another key, as a re-issue would.
    const again = await queuePackage(db(), blobs(), {
      organizationId: ministry.id,
      kind: "edoc",
      toCode: province.code,
      xml: sent.xml,
      idempotencyKey: `edoc:${sent.edoc.documentId}:${province.code}:again`,
      documentId: sent.documentId,
      recipientId: sent.recipientId,
    });
    const counts = await drain();
    assert.equal(counts.sent, 1, JSON.stringify(counts));
    assert.equal((await outbound(again.id)).state, "sent");
    assert.deepEqual(await receipts(sent.edoc.documentId), ["arrived", "duplicate"]);
    assert.equal(await incomingCount(sent.edoc.documentId), 1);
  });

  it("delivers once in effect after a process died between the receiver taking the package in and marking it sent", async () => {
    const sent = await issue(ministry, province);
    const now = justAfter();
    // The process that died: it claimed the row and the receiver took the package in.
    const dead = randomUUID();
    const claimed = await claimDuePackages(db(), {
      limit: 100,
      now,
      leaseMs: DELIVERY_LEASE_MS,
      lease: dead,
    });
    assert.deepEqual(
      claimed.map((c) => c.id),
      [sent.outboundId],
    );
    const first = await receivePackage(platform.ctx, {
      source: await blobs().read(claimed[0]!.package_sha256),
      via: "lgsp",
      actor: null,
    });
    assert.equal(first.outcome, "arrived");

    // While its lease holds, no other pass takes the row (the status 01 queued by the receiver
    // meanwhile goes out).
    assert.deepEqual(await deliverDue(platform.ctx, { now }), {
      claimed: 1,
      sent: 1,
      failed: 0,
      retrying: 0,
      superseded: 0,
    });
    const waiting = await outbound(sent.outboundId);
    assert.deepEqual([waiting.state, waiting.attempts, waiting.lease], ["pending", 1, dead]);

    const later = new Date(now.getTime() + DELIVERY_LEASE_MS + 1000);
    const counts = await deliverDue(platform.ctx, { now: later });
    assert.deepEqual(counts, { claimed: 1, sent: 1, failed: 0, retrying: 0, superseded: 0 });
    const row = await outbound(sent.outboundId);
    assert.equal(row.state, "sent");
    assert.equal(row.attempts, 2);
    assert.equal((await recipient(sent.recipientId)).delivery, "sent");
    assert.equal(await incomingCount(sent.edoc.documentId), 1);
    assert.deepEqual(await receipts(sent.edoc.documentId), ["arrived", "duplicate"]);
    const statuses = await sql<{ n: string }>`select count(*) as n from doc_outbound o
      join doc_documents d on d.id = o.document_id
      where d.edxml_document_id = ${sent.edoc.documentId} and o.kind = 'status'`.execute(db());
    assert.equal(Number(statuses.rows[0]!.n), 1);
    await drain(later);
  });

  it("fails a package the receiver refuses, with its reason, marks the recipient failed and audits it", async () => {
    const stranger = { code: testAgencyCode(), name: "Cơ quan ngoài danh bạ", id: ministry.id };
    const refused = await issue(ministry, province, buildTestEdoc(stranger, [agency(province)]));
    const counts = await deliverDue(platform.ctx);
    assert.equal(counts.failed, 1, JSON.stringify(counts));
    const row = await outbound(refused.outboundId);
    assert.equal(row.state, "failed");
    assert.equal(row.sent_at, null);
    assert.match(
      row.last_error ?? "",
      new RegExp(`Cơ quan gửi ${stranger.code} không có trong danh bạ`),
    );
    assert.equal((await recipient(refused.recipientId)).delivery, "failed");
    assert.equal(await incomingCount(refused.edoc.documentId), 0);
    const audit = await searchAudit(db(), { targetId: refused.outboundId, limit: 5 });
    assert.deepEqual(
      audit.map((a) => [a.action, a.outcome]),
      [["documents.delivery_refused", "failure"]],
    );
    assert.equal(audit[0]!.details?.documentId, refused.documentId);
    // A failed package is not tried again.
    const later = new Date(Date.now() + 2 * MAX_RETRY_DELAY_MS);
    await drain(later);
    assert.equal((await outbound(refused.outboundId)).attempts, 1);
  });

  it("fails a package for an agency neither in the directory nor served by a peer", async () => {
    const nowhere = testAgencyCode();
    const queued = await queuePackage(db(), blobs(), {
      organizationId: province.id,
      kind: "status",
      toCode: nowhere,
      xml: "<edXML/>",
      idempotencyKey: `status:${nowhere}`,
    });
    assert.equal((await drain()).failed, 1);
    const row = await outbound(queued.id);
    assert.equal(row.state, "failed");
    assert.match(
      row.last_error ?? "",
      /không có trong danh bạ và không thuộc nền tảng liên kết nào/,
    );
  });

  it("keeps a package pending on a transient failure, counting attempts and backing off", async () => {
    // The package's bytes are not in the store (storage unavailable): no refusal by the receiver.
    const id = newId();
    await sql`insert into doc_outbound (id, organization_id, kind, to_code, package_sha256, idempotency_key)
      values (${id}, ${ministry.id}, 'edoc', ${province.code}, ${"0".repeat(64)}, ${`missing:${id}`})`.execute(
      db(),
    );
    const now = justAfter();
    const counts = await deliverDue(platform.ctx, { now });
    assert.equal(counts.retrying, 1, JSON.stringify(counts));
    let row = await outbound(id);
    assert.equal(row.state, "pending");
    assert.equal(row.attempts, 1);
    assert.equal(row.next_attempt_at.getTime(), now.getTime() + 30_000);
    assert.match(row.last_error ?? "", /Không đọc được gói tin từ kho lưu trữ/);
    assert.equal((await deliverDue(platform.ctx, { now })).claimed, 0);

    const second = new Date(now.getTime() + 31_000);
    assert.equal((await deliverDue(platform.ctx, { now: second })).retrying, 1);
    row = await outbound(id);
    assert.equal(row.attempts, 2);
    assert.equal(row.next_attempt_at.getTime(), second.getTime() + 60_000);
    assert.equal(retryDelayMs(3), 120_000);
    assert.equal(retryDelayMs(40), MAX_RETRY_DELAY_MS);
    await sql`update doc_outbound set state = 'failed' where id = ${id}`.execute(db());
  });

  it("keeps a package for an agency a federation peer serves pending, naming the peer", async () => {
    const served = testAgencyCode();
    const peer = await pinTestPeer("ndxp-thu", [served]);
    try {
      const queued = await queuePackage(db(), blobs(), {
        organizationId: ministry.id,
        kind: "status",
        toCode: served,
        xml: "<edXML/>",
        idempotencyKey: `status:${served}`,
      });
      const now = justAfter();
      assert.equal((await deliverDue(platform.ctx, { now })).retrying, 1);
      const row = await outbound(queued.id);
      assert.equal(row.state, "pending");
      assert.equal(row.attempts, 1);
      assert.ok(row.next_attempt_at > now);
      assert.match(row.last_error ?? "", /nền tảng liên kết ndxp-thu/);
      await sql`update doc_outbound set state = 'failed' where id = ${queued.id}`.execute(db());
    } finally {
      await removePeer({ db: db(), actor: systemActor, id: peer.id });
    }
  });

  it("takes in a package only for the agencies this platform serves, not a peer's", async () => {
    // The directory knows the other ministry, but a federation peer serves it.
    const elsewhere = await createTestOrganization(db(), { shortName: "BTP", name: "Bộ khác" });
    const peer = await pinTestPeer("bo-khac", [elsewhere.code]);
    try {
      const edoc = buildTestEdoc(agency(ministry), [agency(province), agency(elsewhere)]);
      const xml = await sealedEdocPackage(platform.ctx, edoc, await signedTestPdf(platform.ctx));
      const outcome = await receivePackage(platform.ctx, {
        source: new TextEncoder().encode(xml),
        via: "lgsp",
        actor: null,
      });
      assert.equal(outcome.outcome, "arrived");
      assert.deepEqual(
        outcome.documents.map((d) => d.organizationId),
        [province.id],
      );
      assert.equal(
        await selectDocumentByEdxmlId(db(), elsewhere.id, "incoming", edoc.documentId),
        undefined,
      );
    } finally {
      await removePeer({ db: db(), actor: systemActor, id: peer.id });
    }
  });

  it("two concurrent passes deliver each package once", async () => {
    await drain();
    const issued = [];
    for (let i = 0; i < 4; i += 1) issued.push(await issue(ministry, province));
    const passes = await Promise.all([
      deliverDue(platform.ctx, { limit: 10 }),
      deliverDue(platform.ctx, { limit: 10 }),
    ]);
    assert.ok(passes.every((p) => p.superseded === 0));
    for (const sent of issued) {
      const row = await outbound(sent.outboundId);
      assert.equal(row.state, "sent");
      assert.equal(row.attempts, 1, "claimed by one pass only");
      assert.deepEqual(await receipts(sent.edoc.documentId), ["arrived"]);
      assert.equal(await incomingCount(sent.edoc.documentId), 1);
    }
  });

  it("is wired as the module's recurring job, which drains what is due", async () => {
    assert.ok(documentsModule.jobs?.some((job) => job.name === "documents.deliver_outbound"));
    const sent = await issue(ministry, province);
    await deliveryJobs[0]!.run(platform.ctx);
    assert.equal((await outbound(sent.outboundId)).state, "sent");
    assert.equal((await recipient(sent.recipientId)).delivery, "sent");
  });
});
