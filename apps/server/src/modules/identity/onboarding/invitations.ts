import { requireRole, type Actor, type Role } from "../../../core/actor.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { getOrganization } from "../../directory/index.ts";
import type { User } from "../users.ts";
import { checkAccountRows, type RowProblem } from "./account-rows.ts";
import type { IssuedLink } from "./password-links.ts";
import { createPendingAccounts } from "./pending-accounts.ts";

export type InviteUserInput = {
  username: string;
  displayName: string;
  email?: string;
  organizationId?: string;
  organizationCode?: string;
  roles: Role[];
};

export type InviteUserOptions = {
  db: Db;
  config: Config;
  actor: Actor | null | undefined;
  input: InviteUserInput;
  meta?: RequestMeta;
};

/**
 * Creates one account without a password and returns its one-time set-password link (also
 * e-mailed when mail is set up), so no administrator ever knows another person's password.
 */
export async function inviteUser({
  db,
  config,
  actor,
  input,
  meta = {},
}: InviteUserOptions): Promise<{ user: User; link: IssuedLink }> {
  const known = requireRole(actor, "org_admin");
  let organizationCode = input.organizationCode ?? "";
  if (input.organizationId) {
    const organization = await getOrganization({ db, id: input.organizationId });
    if (organization?.status !== "active")
      throw new AppError("unprocessable", {
        detail: {
          vi: "Không tìm thấy cơ quan của tài khoản.",
          en: "The account's organization does not exist.",
        },
        errors: [{ path: "body.organizationId", message: "unknown organization" }],
      });
    organizationCode = organization.code;
  }
  const row = {
    row: 1,
    username: input.username,
    displayName: input.displayName,
    email: input.email ?? "",
    organizationCode,
    roles: input.roles.join(","),
  };
  return db.transaction().execute(async (trx) => {
    const [checked] = await checkAccountRows({ db: trx, actor: known, rows: [row] });
    if (checked!.errors.length > 0) throw invitationProblem(checked!.errors);
    const [created] = await createPendingAccounts({
      trx,
      config,
      actor: known,
      rows: [checked!],
      origin: { via: "invitation" },
      meta,
    });
    return { user: created!.user, link: created!.link };
  });
}

/** The same answers as creating an account with a password: 403 out of scope, 409 taken, 422 else. */
function invitationProblem(errors: RowProblem[]): AppError {
  const first = errors[0]!;
  const code =
    first.code === "organization_out_of_scope" || first.code === "role_not_grantable"
      ? "forbidden"
      : first.code === "username_taken"
        ? "conflict"
        : "unprocessable";
  return new AppError(code, {
    detail: first.message,
    errors: errors.map((e) => ({ path: `body.${e.column}`, message: e.message.en })),
  });
}
