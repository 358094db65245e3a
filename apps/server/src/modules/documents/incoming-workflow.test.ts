import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseEdxml } from "@lienthong/edxml";
import { sql } from "kysely";
import type { Actor, Role } from "../../core/actor.ts";
import { searchAudit } from "../../core/audit.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { isAppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, userActor } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { getDocument } from "./documents.ts";
import { receivePackage } from "./incoming.ts";
import { visibleDocument } from "./incoming-access.ts";
import { acceptIncoming, completeIncoming, rejectIncoming } from "./incoming-actions.ts";
import { addComment, getHandling, linkDocument } from "./incoming-comments.ts";
import { assignIncoming, startHandling } from "./incoming-handling.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";
import { getRegister, listEntries } from "./registers.ts";

const refused = (code: string) => (error: unknown) => isAppError(error) && error.code === code;

describe("documents: the clerk's and leader's work on an incoming document", () => {
  let platform: Platform;
  let ours: Organization;
  let unit: Organization;
  let sender: Organization;
  let clerk: Actor;
  let leader: Actor;
  let specialist: Actor;
  let colleague: Actor;
  let unitPerson: Actor;

  /** A real account (the assignment checks it exists) acting as itself. */
  const person = async (organization: Organization, roles: Role[]): Promise<Actor> => {
    const created = await createTestUser(platform, { organizationId: organization.id, roles });
    return {
      kind: "user",
      userId: created.user.id,
      username: created.user.username,
      displayName: `Người dùng ${created.user.username}`,
      organizationId: organization.id,
      roles,
      via: "session",
    };
  };

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    ours = await createTestOrganization(db, { shortName: "BNV", name: "Bộ Nội vụ thử nghiệm" });
    unit = await createTestOrganization(db, {
      shortName: "VCCVC",
      name: "Vụ Công chức - Viên chức",
      parentId: ours.id,
    });
    sender = await createTestOrganization(db, { shortName: "UBND", name: "UBND tỉnh thử nghiệm" });
    clerk = await person(ours, ["clerk"]);
    leader = await person(ours, ["leader"]);
    specialist = await person(ours, ["specialist"]);
    colleague = await person(ours, ["specialist"]);
    unitPerson = await person(unit, ["specialist"]);
  });
  after(() => platform.stop());

  const arrive = async () => {
    const edoc = buildTestEdoc(sender, [ours]);
    const xml = await sealedEdocPackage(platform.ctx, edoc, await signedTestPdf(platform.ctx));
    const outcome = await receivePackage(platform.ctx, {
      source: new TextEncoder().encode(xml),
      via: "lgsp",
      actor: null,
    });
    assert.equal(outcome.outcome, "arrived");
    return { edoc, id: outcome.kind === "edoc" ? outcome.documents[0]!.id : "" };
  };

  const statusesSent = async (documentId: string) => {
    const rows = await sql<{ package_sha256: string }>`select package_sha256 from doc_outbound
      where document_id = ${documentId} and kind = 'status' order by created_at, id`.execute(
      platform.ctx.db,
    );
    const blobs = blobStoreFor(platform.ctx.config);
    const codes = [];
    for (const row of rows.rows) {
      const parsed = await parseEdxml({ input: await blobs.read(row.package_sha256) });
      if (parsed.kind === "status")
        codes.push(
          parsed.status.description
            ? `${parsed.status.statusCode}:${parsed.status.description}`
            : parsed.status.statusCode,
        );
    }
    return codes;
  };

  it("accept → registered in the year's incoming register with the sender's symbol, 03 and 04 sent", async () => {
    const { edoc, id } = await arrive();
    const other = await createTestOrganization(platform.ctx.db, { shortName: "BTP" });
    await assert.rejects(
      acceptIncoming(platform.ctx, { actor: specialist, id }),
      refused("forbidden"),
    );
    await assert.rejects(
      acceptIncoming(platform.ctx, {
        actor: userActor({ organizationId: other.id, roles: ["clerk"] }),
        id,
      }),
      refused("not_found"),
    );
    const accepted = await acceptIncoming(platform.ctx, { actor: clerk, id, note: "Bản gốc" });
    assert.equal(accepted.status, "accepted");
    const register = await getRegister(platform.ctx.db, clerk, accepted.registerId);
    assert.equal(register.direction, "incoming");
    assert.equal(register.name, `Sổ văn bản đến ${register.year}`);
    const entries = await listEntries({
      db: platform.ctx.db,
      actor: clerk,
      registerId: register.id,
    });
    const entry = entries.items.find((e) => e.id === accepted.registerEntryId)!;
    assert.equal(entry.number, accepted.registerNumber);
    assert.equal(entry.symbol, `${edoc.code.codeNumber}/${edoc.code.codeNotation}`);
    assert.equal(entry.counterpart, sender.name);
    assert.equal(entry.typeCode, "CV");
    assert.deepEqual(await statusesSent(id), ["01", "03", "04"]);
    await assert.rejects(
      acceptIncoming(platform.ctx, { actor: clerk, id }),
      refused("unprocessable"),
    );
    await assert.rejects(
      rejectIncoming(platform.ctx, { actor: clerk, id, reason: "Sai địa chỉ" }),
      refused("unprocessable"),
    );

    // The next document takes the next number in the same register.
    const second = await arrive();
    const next = await acceptIncoming(platform.ctx, { actor: clerk, id: second.id });
    assert.equal(next.registerId, accepted.registerId);
    assert.equal(next.registerNumber, accepted.registerNumber + 1);
  });

  it("reject needs a reason, which the sender receives in status 02", async () => {
    const { id } = await arrive();
    await assert.rejects(
      rejectIncoming(platform.ctx, { actor: clerk, id, reason: "  " }),
      refused("validation_failed"),
    );
    const rejected = await rejectIncoming(platform.ctx, {
      actor: clerk,
      id,
      reason: "Văn bản gửi nhầm cơ quan",
    });
    assert.equal(rejected.status, "rejected");
    assert.deepEqual(await statusesSent(id), ["01", "02:Văn bản gửi nhầm cơ quan"]);
    const audit = await searchAudit(platform.ctx.db, { targetId: id, limit: 10 });
    assert.ok(audit.some((a) => a.action === "documents.incoming_rejected"));
  });

  it("assign (05), reassign to a unit, handle with comments and links, complete (06)", async () => {
    const { id } = await arrive();
    await acceptIncoming(platform.ctx, { actor: clerk, id });
    await assert.rejects(
      assignIncoming(platform.ctx, {
        actor: specialist,
        id,
        input: { mainUserId: specialist.kind === "user" ? specialist.userId : "" },
      }),
      refused("forbidden"),
    );
    const userId = (a: Actor) => (a.kind === "user" ? a.userId : "");
    await assert.rejects(
      assignIncoming(platform.ctx, {
        actor: leader,
        id,
        input: { mainUserId: userId(unitPerson) },
      }),
      refused("validation_failed"),
      "the main person must be of the organization itself",
    );
    const assigned = await assignIncoming(platform.ctx, {
      actor: leader,
      id,
      input: {
        direction: "Giao chuyên viên nghiên cứu, tham mưu trả lời trước hạn.",
        mainUserId: userId(specialist),
        coHandlerIds: [userId(colleague)],
        dueDate: "2099-12-10",
      },
    });
    assert.equal(assigned.status, "assigned");
    assert.equal(assigned.dueDate, "2099-12-10");
    assert.equal(assigned.assignment.mainUser?.id, userId(specialist));
    assert.deepEqual(
      assigned.assignment.coHandlers.map((c) => c.id),
      [userId(colleague)],
    );
    assert.deepEqual(await statusesSent(id), ["01", "03", "04", "05"]);

    const reassigned = await assignIncoming(platform.ctx, {
      actor: leader,
      id,
      input: { direction: "Chuyển Vụ Công chức - Viên chức chủ trì.", mainUnitId: unit.id },
    });
    assert.equal(reassigned.assignment.mainUnit?.name, unit.name);
    assert.deepEqual(await statusesSent(id), ["01", "03", "04", "05"], "05 is sent once");

    // A person of the unit now sees and handles the document; the earlier assignee no longer handles it.
    const handling = await getHandling({ db: platform.ctx.db, actor: unitPerson, id });
    assert.equal((await visibleDocument(platform.ctx.db, unitPerson, id)).readable, false);
    assert.equal(handling.assignment?.mainUnit?.id, unit.id);
    await assert.rejects(
      completeIncoming(platform.ctx, { actor: specialist, id, note: "Xong" }),
      refused("forbidden"),
    );
    const started = await startHandling({ db: platform.ctx.db, actor: unitPerson, id });
    assert.equal(started.status, "in_progress");
    await addComment({
      db: platform.ctx.db,
      actor: unitPerson,
      id,
      body: "Đã dự thảo văn bản trả lời.",
    });
    await addComment({ db: platform.ctx.db, actor: leader, id, body: "Đồng ý, trình ký." });
    const earlier = await arrive();
    assert.deepEqual(
      await linkDocument({
        db: platform.ctx.db,
        actor: leader,
        id,
        relatedId: earlier.id,
        note: "Cùng nội dung",
      }),
      { linked: true },
    );
    assert.deepEqual(
      await linkDocument({ db: platform.ctx.db, actor: leader, id, relatedId: earlier.id }),
      { linked: false },
    );
    await assert.rejects(
      completeIncoming(platform.ctx, { actor: unitPerson, id, note: "" }),
      refused("validation_failed"),
    );
    const done = await completeIncoming(platform.ctx, {
      actor: unitPerson,
      id,
      note: "Đã có văn bản trả lời số 15/BNV-CCVC.",
    });
    assert.equal(done.status, "done");
    assert.deepEqual(await statusesSent(id), ["01", "03", "04", "05", "06"]);

    const after = await getHandling({ db: platform.ctx.db, actor: clerk, id });
    assert.deepEqual(
      after.comments.map((c) => c.body),
      ["Đã dự thảo văn bản trả lời.", "Đồng ý, trình ký."],
    );
    assert.deepEqual(
      after.links.map((l) => l.id),
      [earlier.id],
    );
    const detail = await getDocument(platform.ctx.db, clerk, id);
    assert.deepEqual(
      detail.events.map((e) => e.action),
      [
        "received",
        "accepted",
        "assigned",
        "reassigned",
        "handling_started",
        "commented",
        "commented",
        "linked",
        "completed",
      ],
    );
    const audit = await searchAudit(platform.ctx.db, { targetId: id, limit: 20 });
    assert.deepEqual(audit.map((a) => a.action).reverse(), [
      "documents.incoming_received",
      "documents.incoming_accepted",
      "documents.incoming_assigned",
      "documents.incoming_assigned",
      "documents.incoming_handling_started",
      "documents.incoming_commented",
      "documents.incoming_commented",
      "documents.incoming_linked",
      "documents.incoming_completed",
    ]);
  });
});
