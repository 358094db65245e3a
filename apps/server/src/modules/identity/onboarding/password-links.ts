import { createHash, randomBytes } from "node:crypto";
import { actorLabel, requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { isUuid, newId } from "../../../core/ids.ts";
import { getOrganization } from "../../directory/index.ts";
import { notFound, requireAdministrableUser } from "../account-rules.ts";
import { checkPasswordPolicy, hashPassword, MIN_PASSWORD_LENGTH } from "../passwords.ts";
import { deleteSessionsOfUser, selectUserById, updateUserRow } from "../repo.ts";
import type { UserRow } from "../tables.ts";
import { queuePasswordLinkMail } from "./link-mail.ts";
import { unusableLink } from "./link-errors.ts";
import {
  consumeLink,
  insertPasswordLink,
  lockUserRow,
  selectLinkWithUser,
  supersedeLiveLinks,
} from "./repo.ts";

/** Long enough for a colleague in a province to act on it over a weekend, short enough to expire unused. */
export const LINK_TTL_HOURS = 72;

/** A link as the administrator sees it once; the token itself is never stored. */
export type IssuedLink = { url: string; expiresAt: string; mailQueuedTo: string | null };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type IssuePasswordLinkOptions = {
  /** A transaction: the link, the superseding of older links and the mail job commit together. */
  trx: Db;
  config: Config;
  actor: Actor;
  user: UserRow;
  /** The account was created in this transaction: it has no older link to replace. */
  newAccount?: boolean;
  now?: Date;
};

/** Replaces any live link of the account with a new one and queues its e-mail when mail is set up. */
export async function issuePasswordLink({
  trx,
  config,
  actor,
  user,
  newAccount = false,
  now = new Date(),
}: IssuePasswordLinkOptions): Promise<IssuedLink> {
  const token = randomBytes(32).toString("base64url");
  const url = `${config.publicUrl}/set-password/${token}`;
  if (!newAccount) {
    await lockUserRow(trx, user.id);
    await supersedeLiveLinks(trx, user.id, now);
  }
  const link = await insertPasswordLink(trx, {
    id: newId(),
    user_id: user.id,
    token_hash: hashLinkToken(token),
    issued_by: actorLabel(actor),
    expires_at: new Date(now.getTime() + LINK_TTL_HOURS * 3_600_000),
  });
  const mailed = config.mail && user.email ? user.email : null;
  if (mailed) await queuePasswordLinkMail({ trx, config, linkId: link.id, url });
  return { url, expiresAt: link.expires_at.toISOString(), mailQueuedTo: mailed };
}

async function findLiveLink(db: Db, token: string, now: Date) {
  const found = TOKEN.test(token) ? await selectLinkWithUser(db, hashLinkToken(token)) : undefined;
  if (!found) throw unusableLink("unknown");
  const { link, user } = found;
  if (link.used_at) throw unusableLink("used");
  if (link.superseded_at) throw unusableLink("superseded");
  if (link.expires_at <= now) throw unusableLink("expired", link.expires_at);
  if (user.status !== "active") throw unusableLink("account_disabled");
  return found;
}

export type PasswordLinkDescription = {
  username: string;
  displayName: string;
  organization: { code: string; name: string };
  expiresAt: string;
  passwordPolicy: { minLength: number; maxLength: number };
};

/** What the set-password page shows before the person chooses a password; needs no sign-in. */
export async function describePasswordLink({
  db,
  token,
  now = new Date(),
}: {
  db: Db;
  token: string;
  now?: Date;
}): Promise<PasswordLinkDescription> {
  const { link, user } = await findLiveLink(db, token, now);
  const organization = await getOrganization({ db, id: user.organization_id });
  return {
    username: user.username,
    displayName: user.display_name,
    organization: { code: organization?.code ?? "", name: organization?.name ?? "" },
    expiresAt: link.expires_at.toISOString(),
    passwordPolicy: { minLength: MIN_PASSWORD_LENGTH, maxLength: 256 },
  };
}

export type SetPasswordByLinkOptions = {
  db: Db;
  token: string;
  password: string;
  meta?: RequestMeta;
  now?: Date;
};

/**
 * Sets the account's password under the usual policy and spends the link. A password the policy
 * refuses leaves the link usable; two requests racing with one link set the password once.
 * Existing sessions end and any lockout is lifted, as when an administrator sets a password.
 */
export async function setPasswordByLink({
  db,
  token,
  password,
  meta = {},
  now = new Date(),
}: SetPasswordByLinkOptions): Promise<{ username: string }> {
  const { link, user } = await findLiveLink(db, token, now);
  checkPasswordPolicy(password, user.username);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    if (!(await consumeLink(trx, link.id, new Date()))) throw unusableLink("used");
    await updateUserRow(trx, user.id, {
      password_hash: hash,
      failed_attempts: 0,
      locked_until: null,
    });
    await deleteSessionsOfUser(trx, user.id);
    await recordAudit(trx, {
      action: "identity.password_set_by_link",
      organizationId: user.organization_id,
      targetType: "user",
      targetId: user.id,
      details: { username: user.username, linkId: link.id },
      ...meta,
    });
  });
  return { username: user.username };
}

/**
 * Only a system administrator may hand a set-password link for a system administrator's account:
 * whoever opens the link takes the account over.
 */
export function requireLinkIssuable(actor: Actor, user: Pick<UserRow, "roles" | "status">) {
  const isSystem = actor.kind === "system" || actor.roles.includes("system_admin");
  if (user.roles.includes("system_admin") && !isSystem)
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị hệ thống mới được cấp liên kết đặt mật khẩu cho tài khoản quản trị hệ thống.",
        en: "Only system administrators may issue a set-password link for a system administrator's account.",
      },
    });
  if (user.status !== "active")
    throw new AppError("unprocessable", {
      detail: {
        vi: "Tài khoản đang bị vô hiệu hóa; hãy kích hoạt lại trước khi cấp liên kết đặt mật khẩu.",
        en: "The account is disabled; enable it before issuing a set-password link.",
      },
    });
}

export type ReissuePasswordLinkOptions = {
  db: Db;
  config: Config;
  actor: Actor | null | undefined;
  id: string;
  meta?: RequestMeta;
};

/** An administrator issues a fresh link (the old one stops working), e.g. after it expired. */
export async function reissuePasswordLink({
  db,
  config,
  actor,
  id,
  meta = {},
}: ReissuePasswordLinkOptions): Promise<IssuedLink> {
  requireActor(actor);
  const user = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!user) throw notFound();
  const known = await requireAdministrableUser(db, actor, user);
  requireLinkIssuable(known, user);
  return db.transaction().execute(async (trx) => {
    const link = await issuePasswordLink({ trx, config, actor: known, user });
    await recordAudit(trx, {
      action: "identity.password_link_issued",
      actor: known,
      organizationId: user.organization_id,
      targetType: "user",
      targetId: user.id,
      details: { expiresAt: link.expiresAt, mailed: link.mailQueuedTo !== null },
      ...meta,
    });
    return link;
  });
}
