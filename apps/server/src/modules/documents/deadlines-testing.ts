/**
 * Test factories for deadlines and reminders: people with e-mail addresses, incoming documents
 * received, accepted and assigned through the real flow (the SMTP server is `core/testing/smtp.ts`).
 */
import assert from "node:assert/strict";
import type { Actor, Role } from "../../core/actor.ts";
import type { Urgency } from "./documents.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createUser } from "../identity/users.ts";
import { selectDocument, updateDocument } from "./documents-repo.ts";
import { receivePackage } from "./incoming.ts";
import { acceptIncoming } from "./incoming-actions.ts";
import { assignIncoming, type AssignmentInput } from "./incoming-handling.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";

const PRIORITY: Record<Urgency, 0 | 1 | 2 | 3 | 4> = {
  normal: 0,
  khan: 1,
  thuong_khan: 2,
  hoa_toc: 3,
  hoa_toc_hen_gio: 4,
};

let people = 0;

/** A real account acting as itself; with `email`, reminders reach it by mail. */
export async function createStaff(
  platform: Platform,
  organization: Organization,
  roles: Role[],
  email?: string,
): Promise<Actor & { kind: "user"; email: string | null }> {
  people += 1;
  const username = `staff-${people}-${Date.now().toString(36)}`;
  const displayName = `Cán bộ ${people}`;
  const user = await createUser({
    db: platform.ctx.db,
    actor: { kind: "system", name: "test" },
    input: {
      username,
      displayName,
      ...(email ? { email } : {}),
      organizationId: organization.id,
      roles,
      password: `Test-${people}-Mat-Khau-Dai!`,
    },
  });
  return {
    kind: "user",
    userId: user.id,
    username,
    displayName,
    organizationId: organization.id,
    roles,
    via: "token",
    email: email ?? null,
  };
}

export type AssignedDocument = { id: string; subject: string };

/**
 * An incoming document from `sender` to `to`, received through the inbox, accepted by `clerk` and
 * assigned by `leader`; `secret` marks it Mật, as a paper secret document registered by hand is.
 */
export async function assignedDocument(
  platform: Platform,
  options: {
    sender: Organization;
    to: Organization;
    clerk: Actor;
    leader: Actor;
    urgency?: Urgency;
    assignment: AssignmentInput;
    secret?: boolean;
  },
): Promise<AssignedDocument> {
  const { ctx } = platform;
  const edoc = buildTestEdoc(options.sender, [options.to], {
    otherInfo: { priority: PRIORITY[options.urgency ?? "normal"], pageAmount: 2 },
    dueDate: undefined,
  });
  const xml = await sealedEdocPackage(ctx, edoc, await signedTestPdf(ctx));
  const outcome = await receivePackage(ctx, {
    source: new TextEncoder().encode(xml),
    via: "lgsp",
    actor: null,
  });
  assert.equal(outcome.outcome, "arrived");
  const id = outcome.kind === "edoc" ? outcome.documents[0]!.id : "";
  await acceptIncoming(ctx, { actor: options.clerk, id });
  await assignIncoming(ctx, { actor: options.leader, id, input: options.assignment });
  if (options.secret) {
    const row = (await selectDocument(ctx.db, id))!;
    await updateDocument(ctx.db, id, row.version, { confidentiality: "mat" });
  }
  return { id, subject: edoc.subject };
}
