import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Actor } from "../../core/actor.ts";
import { isAppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, userActor } from "../directory/testing.ts";
import { acceptIncoming } from "./incoming-actions.ts";
import { receivePackage } from "./incoming.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";
import { createDraft, numberDocument } from "./outgoing.ts";
import { listRegisters, setRegisterStatus } from "./registers.ts";

/**
 * The year's register is opened by the platform for the first document that needs it; two first
 * documents at once must both be numbered, in one register, without a conflict for either.
 */
describe("documents: opening the year's register for the first documents, concurrently", () => {
  let platform: Platform;
  let sender: Organization;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    sender = await createTestOrganization(platform.ctx.db, { shortName: "UBND" });
  });
  after(() => platform.stop());

  const clerkOf = (organization: Organization): Actor =>
    userActor({ organizationId: organization.id, roles: ["clerk"] });
  const agency = (o: Organization) => ({ code: o.code, name: o.name });

  it("accepts two first incoming documents of the year at once, numbered 1 and 2", async () => {
    const ours = await createTestOrganization(platform.ctx.db, { shortName: "SNV" });
    const pdf = await signedTestPdf(platform.ctx);
    const ids = [];
    for (let i = 0; i < 2; i += 1) {
      const xml = await sealedEdocPackage(
        platform.ctx,
        buildTestEdoc(agency(sender), [agency(ours)]),
        pdf,
      );
      const outcome = await receivePackage(platform.ctx, {
        source: new TextEncoder().encode(xml),
        via: "lgsp",
        actor: null,
      });
      assert.equal(outcome.outcome, "arrived");
      ids.push(outcome.documents[0]!.id);
    }
    const clerk = clerkOf(ours);
    const accepted = await Promise.all(
      ids.map((id) => acceptIncoming(platform.ctx, { actor: clerk, id })),
    );
    assert.deepEqual(accepted.map((a) => a.registerNumber).sort(), [1, 2]);
    assert.equal(new Set(accepted.map((a) => a.registerId)).size, 1);
    const registers = await listRegisters({
      db: platform.ctx.db,
      actor: clerk,
      organizationId: ours.id,
      direction: "incoming",
    });
    assert.equal(registers.length, 1);
  });

  it("numbers two first secret documents at once in one secret register, then refuses when it is closed", async () => {
    const ours = await createTestOrganization(platform.ctx.db, { shortName: "BTP" });
    const clerk = clerkOf(ours);
    const draft = () =>
      createDraft(platform.ctx, {
        actor: clerk,
        input: { typeCode: "QĐ", subject: "Quyết định mật", confidentiality: "mat" },
      });
    const drafts = [await draft(), await draft()];
    const numbered = await Promise.all(
      drafts.map((d) => numberDocument(platform.ctx, { actor: clerk, documentId: d.id })),
    );
    assert.deepEqual(numbered.map((n) => n.number).sort(), [1, 2]);
    const registers = await listRegisters({
      db: platform.ctx.db,
      actor: clerk,
      organizationId: ours.id,
      direction: "outgoing",
    });
    assert.deepEqual(
      registers.map((r) => r.kind),
      ["secret"],
    );
    await setRegisterStatus({
      db: platform.ctx.db,
      actor: clerk,
      id: registers[0]!.id,
      status: "closed",
    });
    const third = await draft();
    await assert.rejects(
      numberDocument(platform.ctx, { actor: clerk, documentId: third.id }),
      (error: unknown) =>
        isAppError(error) && error.code === "unprocessable" && /đã khóa/.test(error.detail!.vi),
    );
  });
});
