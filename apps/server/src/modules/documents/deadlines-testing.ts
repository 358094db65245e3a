/**
 * Test factories for deadlines and reminders: people with e-mail addresses, incoming documents
 * received, accepted and assigned through the real flow, and a real SMTP server on the loopback.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
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

export type Received = { to: string[]; raw: string };

/** A real SMTP server on 127.0.0.1, speaking the protocol a mail server speaks. */
export async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Bytes of a quoted-printable or base64 part as text. */
function decodeTransfer(encoding: string, text: string): string {
  if (/^b$/i.test(encoding) || /^base64$/i.test(encoding))
    return Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
  const bytes: number[] = [];
  const body = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < body.length; i += 1) {
    if (body[i] === "=" && /^[0-9A-F]{2}$/i.test(body.slice(i + 1, i + 3))) {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (body[i] === "_" && /^q$/i.test(encoding)) bytes.push(0x20);
    else bytes.push(...Buffer.from(body[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The Subject header and the body of a message as a mail reader shows them. */
export function readMail(raw: string): { subject: string; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1] ?? "7bit";
  const subjectLine = /^Subject:\s*(.*)$/im.exec(headers)?.[1] ?? "";
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      decodeTransfer(enc, text),
    );
  return { subject, body: decodeTransfer(encoding, raw.slice(split + 4)) };
}
