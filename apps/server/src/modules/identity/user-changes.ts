import { requireActor, type Actor, type Role } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid } from "../../core/ids.ts";
import { foldVietnamese } from "../../core/text.ts";
import { checkGrantable, notFound, requireAdministrableUser } from "./account-rules.ts";
import { resetSecondFactorFailures } from "./mfa/repo.ts";
import { checkPasswordPolicy, hashPassword } from "./passwords.ts";
import { deleteSessionsOfUser, selectUserById, updateUserRow } from "./repo.ts";
import { presentUser, type RequestMeta, type User } from "./users.ts";

export type UpdateUserInput = {
  displayName?: string;
  email?: string | null;
  roles?: Role[];
  status?: "active" | "disabled";
};

export async function updateUser({
  db,
  actor,
  id,
  input,
  meta = {},
}: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  input: UpdateUserInput;
  meta?: RequestMeta;
}): Promise<User> {
  requireActor(actor);
  const row = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!row) throw notFound();
  const known = await requireAdministrableUser(db, actor, row);
  if (input.roles) checkGrantable(known, input.roles);
  if (known.kind === "user" && known.userId === row.id && input.status === "disabled") {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Không thể tự khóa tài khoản của mình.",
        en: "You cannot disable your own account.",
      },
    });
  }
  return db.transaction().execute(async (trx) => {
    const displayName = input.displayName ?? row.display_name;
    const email = input.email === undefined ? row.email : input.email;
    const updated = await updateUserRow(trx, row.id, {
      display_name: displayName,
      email,
      ...(input.roles ? { roles: [...new Set(input.roles)] } : {}),
      ...(input.status ? { status: input.status } : {}),
      search_text: foldVietnamese(`${row.username} ${displayName} ${email ?? ""}`),
    });
    if (input.status === "disabled") await deleteSessionsOfUser(trx, row.id);
    const base = {
      actor: known,
      organizationId: row.organization_id,
      targetType: "user",
      targetId: row.id,
      ...meta,
    };
    if (
      input.roles &&
      JSON.stringify([...row.roles].sort()) !== JSON.stringify([...updated.roles].sort())
    ) {
      await recordAudit(trx, {
        ...base,
        action: "identity.roles_changed",
        details: { from: row.roles, to: updated.roles },
      });
    }
    if (input.status && input.status !== row.status) {
      await recordAudit(trx, {
        ...base,
        action: input.status === "disabled" ? "identity.user_disabled" : "identity.user_enabled",
      });
    }
    if (input.displayName !== undefined || input.email !== undefined) {
      await recordAudit(trx, {
        ...base,
        action: "identity.user_updated",
        details: { fields: Object.keys(input).filter((k) => k !== "roles" && k !== "status") },
      });
    }
    return presentUser(trx, updated);
  });
}

/** An administrator sets a new password; the person's sessions end and any lockout is lifted. */
export async function setUserPassword({
  db,
  actor,
  id,
  password,
  meta = {},
}: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  password: string;
  meta?: RequestMeta;
}) {
  requireActor(actor);
  const row = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!row) throw notFound();
  const known = await requireAdministrableUser(db, actor, row);
  checkPasswordPolicy(password, row.username);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, {
      password_hash: hash,
      failed_attempts: 0,
      locked_until: null,
    });
    await deleteSessionsOfUser(trx, row.id);
    await recordAudit(trx, {
      action: "identity.password_reset",
      actor: known,
      organizationId: row.organization_id,
      targetType: "user",
      targetId: row.id,
      ...meta,
    });
  });
}

export async function unlockUser({
  db,
  actor,
  id,
  meta = {},
}: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  meta?: RequestMeta;
}) {
  requireActor(actor);
  const row = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!row) throw notFound();
  const known = await requireAdministrableUser(db, actor, row);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, { failed_attempts: 0, locked_until: null });
    // Wrong second-factor codes count separately; an unlock clears both counters.
    await resetSecondFactorFailures(trx, row.id);
    await recordAudit(trx, {
      action: "identity.user_unlocked",
      actor: known,
      organizationId: row.organization_id,
      targetType: "user",
      targetId: row.id,
      ...meta,
    });
  });
}
