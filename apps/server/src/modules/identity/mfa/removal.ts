import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { requireAdministrableUser } from "../account-rules.ts";
import { auditOf, requireUser } from "./account.ts";
import { countPasskeys, deletePasskeys } from "./passkey-repo.ts";
import { isSecondFactorRequired } from "./policy.ts";
import { proveCurrentFactor, type ProvenChange } from "./proof.ts";
import { deleteRecoveryCodes, deleteTotpCredentials, resetSecondFactorFailures } from "./repo.ts";

/**
 * People remove their own authenticator app with proof of a current factor, unless it is their
 * last factor and their role or organization requires one (they may enrol a new app instead).
 * The recovery codes go too when no passkey is left.
 */
export async function removeTotp({
  db,
  config,
  userId,
  proof,
  boundTo,
  ip,
  requestId,
  now = new Date(),
}: ProvenChange): Promise<void> {
  const user = await requireUser(db, userId);
  const passkeys = await countPasskeys(db, user.id);
  if (passkeys === 0 && (await isSecondFactorRequired(db, user)))
    throw new AppError("unprocessable", {
      detail: {
        vi: "Tài khoản của bạn bắt buộc xác thực hai yếu tố; hãy đăng ký ứng dụng mới thay vì tắt.",
        en: "Your account requires a second factor; enrol a new app instead of removing it.",
      },
    });
  await proveCurrentFactor({ db, config, user, proof, boundTo, meta: { ip, requestId }, now });
  await db.transaction().execute(async (trx) => {
    const removed = await deleteTotpCredentials(trx, user.id);
    if (passkeys === 0) await deleteRecoveryCodes(trx, user.id);
    await recordAudit(trx, {
      ...auditOf(user, ip, requestId),
      action: "identity.second_factor_removed",
      details: { by: "self", method: "totp", credentials: removed },
    });
  });
}

export type ResetSecondFactorOptions = {
  db: Db;
  actor: Actor | null | undefined;
  userId: string;
  meta?: RequestMeta;
};

/**
 * An administrator of the person's organization (or the platform itself) resets the second factor
 * of someone who lost phone, keys and codes: the authenticator app, every passkey and the
 * recovery codes go, and the count of failed checks is cleared. The person enrols again at the
 * next sign-in where a second factor is required. Nobody resets their own: that would skip the
 * proof the account page asks for.
 */
export async function resetSecondFactor({
  db,
  actor,
  userId,
  meta = {},
}: ResetSecondFactorOptions): Promise<void> {
  const known = requireActor(actor);
  const user = await requireUser(db, userId);
  if (known.kind === "user" && known.userId === user.id)
    throw new AppError("unprocessable", {
      detail: {
        vi: "Không thể tự đặt lại xác thực hai yếu tố của chính mình; hãy thay đổi trên trang tài khoản.",
        en: "You cannot reset your own second factor; change it on your account page.",
      },
    });
  await requireAdministrableUser(db, known, user);
  await db.transaction().execute(async (trx) => {
    const removed = await deleteTotpCredentials(trx, user.id);
    const passkeys = await deletePasskeys(trx, user.id);
    await deleteRecoveryCodes(trx, user.id);
    await resetSecondFactorFailures(trx, user.id);
    await recordAudit(trx, {
      actor: known,
      organizationId: user.organization_id,
      targetType: "user",
      targetId: user.id,
      ...meta,
      action: "identity.second_factor_removed",
      details: { by: "administrator", credentials: removed, passkeys },
    });
  });
}
