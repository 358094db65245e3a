/**
 * A real SMTP server on the loopback interface for tests of mail the platform sends, and a reader
 * that shows a received message as a mail client would.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type Received = { from: string; to: string[]; raw: string };

/** Speaks the protocol a mail server speaks; with `credentials`, only that login may send. */
export async function startSmtpServer(credentials?: { user: string; pass: string }) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: !credentials,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials?.user && auth.password === credentials?.pass)
        callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
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
