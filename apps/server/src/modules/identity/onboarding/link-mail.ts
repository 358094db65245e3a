import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { enqueueJob } from "../../../core/jobs.ts";
import { sendMail, type MailMessage } from "../../../core/mailer.ts";
import type { OneOffJob } from "../../../core/module.ts";
import { secretBox } from "../../../core/secret-box.ts";
import { getOrganization } from "../../directory/index.ts";
import { selectUserById } from "../repo.ts";
import { vietnamTime } from "./link-errors.ts";
import { selectLinkById } from "./repo.ts";

export const PASSWORD_LINK_MAIL_JOB = "identity.password_link_mail";

/** The link rides in the job sealed under the master key, so the jobs table never holds it in clear. */
type Payload = { linkId: string; sealedUrl: string };

export type QueuePasswordLinkMailOptions = { trx: Db; config: Config; linkId: string; url: string };

/** Queues the e-mail in the caller's transaction: it is sent only if the link is committed. */
export async function queuePasswordLinkMail({
  trx,
  config,
  linkId,
  url,
}: QueuePasswordLinkMailOptions): Promise<void> {
  const payload: Payload = { linkId, sealedUrl: secretBox(config).seal(url, linkId) };
  await enqueueJob(trx, { name: PASSWORD_LINK_MAIL_JOB, key: linkId, payload });
}

export type PasswordLinkMailInput = {
  displayName: string;
  username: string;
  organizationName: string;
  url: string;
  expiresAt: Date;
};

/** Vietnamese first, English below: the recipient may read either. */
export function passwordLinkMessage(to: string, input: PasswordLinkMailInput): MailMessage {
  const { displayName, username, organizationName, url, expiresAt } = input;
  return {
    to,
    subject: "Tài khoản Liên Thông: đặt mật khẩu / Your Liên Thông account: set your password",
    text: [
      `Kính gửi ${displayName},`,
      "",
      "Quản trị viên đã cấp cho anh/chị tài khoản trên nền tảng Liên Thông.",
      `  Tên đăng nhập: ${username}`,
      `  Cơ quan: ${organizationName}`,
      "",
      "Để đặt mật khẩu, hãy mở liên kết dưới đây. Liên kết chỉ dùng được một lần và hết hạn lúc",
      `${vietnamTime(expiresAt, "vi-VN")} (giờ Việt Nam):`,
      "",
      url,
      "",
      "Không chuyển tiếp thư này: ai có liên kết đều đặt được mật khẩu cho tài khoản.",
      "Nếu anh/chị không chờ đợi thư này, hãy bỏ qua và báo cho quản trị viên.",
      "",
      "----------------------------------------------------------------------",
      "",
      `Dear ${displayName},`,
      "",
      "An administrator has issued you an account on the Liên Thông platform.",
      `  Username: ${username}`,
      `  Organization: ${organizationName}`,
      "",
      "To set your password, open the link below. It works once and expires on",
      `${vietnamTime(expiresAt, "en-GB")} (Vietnam time):`,
      "",
      url,
      "",
      "Do not forward this message: whoever holds the link can set the account's password.",
      "If you did not expect it, ignore it and tell an administrator.",
      "",
    ].join("\n"),
  };
}

/**
 * Delivers one queued link. A link used, replaced or expired by now is not sent (there is nothing
 * useful in it); the address is the account's current one. An SMTP failure throws, and the job
 * runner retries with backoff.
 */
export const passwordLinkMailJob: OneOffJob = {
  name: PASSWORD_LINK_MAIL_JOB,
  async run(ctx, run) {
    const { linkId, sealedUrl } = run.payload as Payload;
    const link = await selectLinkById(ctx.db, linkId);
    if (!link || link.used_at || link.superseded_at || link.expires_at <= new Date()) return;
    const user = await selectUserById(ctx.db, link.user_id);
    if (!user?.email || user.status !== "active") return;
    if (!ctx.config.mail)
      throw new Error("SMTP_URL is not set: the set-password mail waits until mail is configured");
    const organization = await getOrganization({ db: ctx.db, id: user.organization_id });
    const message = passwordLinkMessage(user.email, {
      displayName: user.display_name,
      username: user.username,
      organizationName: organization?.name ?? "",
      url: secretBox(ctx.config).open(sealedUrl, linkId),
      expiresAt: link.expires_at,
    });
    await sendMail({ mail: ctx.config.mail, message });
  },
};
