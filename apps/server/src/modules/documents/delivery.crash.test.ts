import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../core/db/index.ts";
import { createCrashRig } from "../../core/testing/crash.ts";
import type { ServerProcess } from "../../core/testing/processes.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { issueTestDocument } from "./outbound-testing.ts";

/**
 * A real server process killed with SIGKILL while its recurring job `documents.deliver_outbound`
 * delivers outgoing documents in-process: after a restart every recipient holds each document
 * exactly once, every recipient is marked sent and has answered status 01 once. On PGlite, and on
 * PostgreSQL when TEST_DATABASE_URL is set.
 */
const RECIPIENTS = 6;
const DOCUMENTS = 24;
const RECIPIENTS_PER_DOCUMENT = 3;
/**
 * The server is killed the moment it logs this many documents taken in at their recipients. A
 * document's package addresses all its recipients, so the first of its rows to be delivered
 * delivers it to all of them; its other rows are still pending at the kill although their
 * recipients hold the document — the crash between the receiver's commit and the sender's record.
 * The first pass (8 rows) reaches at most three documents, so the kill falls mid-run.
 */
const KILL_AFTER_ARRIVALS = 5;

/** `select count(*) from <from>`. */
async function countOf(db: Db, from: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${from}`.execute(db);
  return Number(rows[0]!.n);
}

async function outboundStates(db: Db) {
  const { rows } = await sql<{ kind: string; state: string; n: string | number }>`
    select kind, state, count(*) as n from doc_outbound group by kind, state`.execute(db);
  return rows;
}

/** The deliveries the server has logged so far (each settled one, at level info). */
function deliveries(server: ServerProcess): { outcome: string }[] {
  // The last piece may be a line still being written.
  const lines = server.output().split("\n").slice(0, -1);
  return lines.flatMap((line) => {
    if (!line.startsWith("{")) return [];
    const entry = JSON.parse(line) as { msg?: string; outcome: string };
    return entry.msg === "package delivered" ? [entry] : [];
  });
}

/** SIGKILLs the server as soon as its log shows `arrivals` documents taken in (bounded wait). */
async function killAfterArrivals(server: ServerProcess, arrivals: number, timeoutMs: number) {
  const stdout = server.child.stdout!;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timer);
      stdout.off("data", check);
      server.child.off("exit", exited);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (deliveries(server).filter((d) => d.outcome === "arrived").length < arrivals) return;
      server.child.kill("SIGKILL");
      settle();
    };
    const exited = () => settle(new Error(`the server exited:\n${server.output()}`));
    const timer = setTimeout(
      () => settle(new Error(`fewer than ${arrivals} arrivals:\n${server.output().slice(-4000)}`)),
      timeoutMs,
    );
    stdout.on("data", check);
    server.child.once("exit", exited);
    check();
  });
  await server.kill();
}

/** Waits (bounded) until the server has logged `count` deliveries. */
async function untilDelivered(server: ServerProcess, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (deliveries(server).length < count) {
    assert.ok(
      Date.now() < deadline,
      `${deliveries(server).length} of ${count} deliveries in time:\n${server.output().slice(-4000)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("documents: outgoing delivery across a crash (SIGKILL)", { timeout: 600_000 }, () => {
  const cleanups: (() => unknown)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("gives each recipient each document exactly once after the server is killed mid-send", async () => {
    const rig = await createCrashRig("delivcrash");
    cleanups.push(() => rig.cleanup());

    const issued = await rig.offline(async ({ ctx }) => {
      const ministry = await createTestOrganization(ctx.db, { shortName: "BNV", name: "Bộ thử" });
      const provinces: Organization[] = [];
      for (let i = 0; i < RECIPIENTS; i += 1)
        provinces.push(
          await createTestOrganization(ctx.db, {
            shortName: `SNV${i}`,
            name: `Sở Nội vụ thử ${i}`,
          }),
        );
      const documents = [];
      for (let i = 0; i < DOCUMENTS; i += 1) {
        const to = Array.from(
          { length: RECIPIENTS_PER_DOCUMENT },
          (_, k) => provinces[(i + k) % RECIPIENTS]!,
        );
        const issued = await issueTestDocument(ctx, ministry, to);
        documents.push({ edxmlDocumentId: issued.edoc.documentId, recipients: to });
      }
      return documents;
    });
    const pairs = DOCUMENTS * RECIPIENTS_PER_DOCUMENT;

    // The server logs each settled delivery at level info; that is how the test follows it.
    const start = () => rig.start({ LOG_LEVEL: "info" });
    let server = await start();
    await killAfterArrivals(server, KILL_AFTER_ARRIVALS, 120_000);

    const atRestart = await rig.offline(async ({ ctx: { db } }) => {
      const rows = await outboundStates(db);
      assert.ok(
        rows.some((r) => r.kind === "edoc" && r.state === "sent") &&
          rows.some((r) => r.kind === "edoc" && r.state === "pending"),
        `killed mid-way: ${JSON.stringify(rows)}`,
      );
      const heldButPending = await countOf(
        db,
        sql`doc_outbound o
          join doc_recipients r on r.id = o.recipient_id
          join doc_documents sent on sent.id = o.document_id
          join doc_documents copy on copy.direction = 'incoming'
            and copy.organization_id = r.organization_id
            and copy.edxml_document_id = sent.edxml_document_id
          where o.kind = 'edoc' and o.state = 'pending'`,
      );
      assert.ok(
        heldButPending > 0,
        "killed after a receiver took a document in, before its row was marked sent",
      );
      const pending = await countOf(db, sql`doc_outbound where state = 'pending'`);
      const copies = await countOf(db, sql`doc_documents where direction = 'incoming'`);
      // The leases run out, moved into the past rather than waited for: the delivery lease (10 min)
      // of the rows the dead process had claimed, and the job runner's lease (5 min) of its run.
      await sql`update doc_outbound set locked_until = now() - interval '1 second'
        where state = 'pending' and locked_until is not null`.execute(db);
      await sql`update core_jobs set locked_until = now() - interval '1 second'
        where name = 'documents.deliver_outbound' and status = 'running'`.execute(db);
      return { pending, copies };
    });

    // Each copy the restarted server records queues one status 01 back to the ministry.
    server = await start();
    await untilDelivered(server, atRestart.pending + pairs - atRestart.copies, 120_000);
    await server.stop();

    await rig.offline(async ({ ctx: { db } }) => {
      assert.deepEqual(
        (await outboundStates(db)).map((r) => `${r.kind} ${r.state} ${r.n}`).sort(),
        [`edoc sent ${pairs}`, `status sent ${pairs}`],
        "every package sent, none failed, one status 01 per copy",
      );
      for (const { edxmlDocumentId, recipients } of issued) {
        const copies = (
          await sql<{ organization_id: string; status: string }>`
            select organization_id, status from doc_documents
            where direction = 'incoming' and edxml_document_id = ${edxmlDocumentId}`.execute(db)
        ).rows;
        assert.deepEqual(
          copies.map((c) => `${c.organization_id} ${c.status}`).sort(),
          recipients.map((r) => `${r.id} arrived`).sort(),
          `one copy of ${edxmlDocumentId} at each of its recipients`,
        );
        const arrivals = await countOf(
          db,
          sql`doc_receipts where edxml_document_id = ${edxmlDocumentId}
            and kind = 'edoc' and outcome = 'arrived'`,
        );
        assert.equal(arrivals, 1, `${edxmlDocumentId} taken in once, later deliveries duplicates`);
      }
      const recipients = (
        await sql<{ delivery: string; status_code: string | null; statuses: string }>`
          select r.delivery, r.status_code,
            (select count(*) from doc_recipient_statuses s where s.recipient_id = r.id) as statuses
          from doc_recipients r`.execute(db)
      ).rows;
      assert.equal(recipients.length, pairs);
      for (const recipient of recipients)
        assert.deepEqual(
          { ...recipient, statuses: Number(recipient.statuses) },
          { delivery: "sent", status_code: "01", statuses: 1 },
        );
    });
  });
});
