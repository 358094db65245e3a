import type { Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { newId } from "../../../core/ids.ts";
import { foldVietnamese } from "../../../core/text.ts";
import { getOrganization, type Organization } from "../../directory/index.ts";
import { insertUser } from "../repo.ts";
import { presentUser, type User } from "../users.ts";
import type { CheckedAccountRow } from "./account-rows.ts";
import { issuePasswordLink, type IssuedLink } from "./password-links.ts";
import { unusablePasswordHash } from "./unusable-password.ts";

export type CreatedAccount = { row: number; user: User; link: IssuedLink };

export type CreatePendingAccountsOptions = {
  /** The caller's transaction: all accounts, links, mail jobs and audit entries commit together. */
  trx: Db;
  config: Config;
  actor: Actor;
  /** Rows that passed `checkAccountRows` without a problem. */
  rows: CheckedAccountRow[];
  /** Recorded with each `identity.user_created`, e.g. `{ via: "import", importId }`. */
  origin: Record<string, unknown>;
  meta?: RequestMeta;
};

/**
 * Creates accounts that cannot sign in until their holder sets a password through the one-time
 * link issued with each.
 */
export async function createPendingAccounts({
  trx,
  config,
  actor,
  rows,
  origin,
  meta = {},
}: CreatePendingAccountsOptions): Promise<CreatedAccount[]> {
  const organizations = new Map<string, Organization | undefined>();
  const created: CreatedAccount[] = [];
  for (const row of rows) {
    const organizationId = row.organization!.id;
    if (!organizations.has(organizationId))
      organizations.set(organizationId, await getOrganization({ db: trx, id: organizationId }));
    const user = await insertUser(trx, {
      id: newId(),
      username: row.username,
      display_name: row.displayName,
      email: row.email,
      organization_id: organizationId,
      roles: row.roles,
      password_hash: unusablePasswordHash(),
      search_text: foldVietnamese(`${row.username} ${row.displayName} ${row.email ?? ""}`),
    }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? usernameRace(row.username) : error;
    });
    const link = await issuePasswordLink({ trx, config, actor, user, newAccount: true });
    await recordAudit(trx, {
      action: "identity.user_created",
      actor,
      organizationId,
      targetType: "user",
      targetId: user.id,
      details: {
        username: user.username,
        roles: user.roles,
        passwordLink: { expiresAt: link.expiresAt, mailed: link.mailQueuedTo !== null },
        ...origin,
      },
      ...meta,
    });
    created.push({
      row: row.row,
      user: await presentUser(trx, user, organizations.get(organizationId)),
      link,
    });
  }
  return created;
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";

/** Another request took the username between the check and the insert. */
const usernameRace = (username: string) =>
  new AppError("conflict", {
    detail: {
      vi: `Tên đăng nhập "${username}" vừa được dùng cho tài khoản khác. Chưa tạo tài khoản nào; hãy kiểm tra lại rồi thử lại.`,
      en: `The username "${username}" was just taken by another account. No account was created; check again and retry.`,
    },
  });
