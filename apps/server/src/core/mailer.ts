import nodemailer from "nodemailer";
import type { MailConfig } from "./config.ts";

/** One plain-text message. Callers write Vietnamese first and English below. */
export type MailMessage = { to: string; subject: string; text: string };

export type SendMailOptions = { mail: MailConfig; message: MailMessage };

/**
 * Delivers one message to the configured SMTP server. Mail is sent from durable jobs, never from a
 * request, so these timeouts bound how long one job waits on a slow server, not how long a person
 * waits; a failed send throws and the job runner retries it.
 */
export async function sendMail({ mail, message }: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({
    url: mail.smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  try {
    await transport.sendMail({ from: mail.from, ...message });
  } finally {
    transport.close();
  }
}
