import { recordAudit } from "../../../core/audit.ts";
import { AppError } from "../../../core/errors.ts";
import { isUuid } from "../../../core/ids.ts";
import { auditOf, requireUser, type ForUser } from "./account.ts";
import { isSecondFactorRequired } from "./policy.ts";
import { deletePasskey, renamePasskey, selectPasskeys } from "./passkey-repo.ts";
import { nameNeeded, presentPasskey, type Bound, type Passkey } from "./passkeys.ts";
import { hasSecondFactor, proveCurrentFactor, type CurrentFactor } from "./proof.ts";
import { deleteRecoveryCodes, selectTotpCredentials } from "./repo.ts";

const notFound = () =>
  new AppError("not_found", {
    detail: { vi: "Không tìm thấy khóa bảo mật.", en: "No such passkey." },
  });

/** A name only helps the person tell their keys apart, so renaming needs no second proof. */
export async function renameOwnPasskey({
  db,
  userId,
  passkeyId,
  name,
  ip,
  requestId,
}: Omit<ForUser, "config"> & { passkeyId: string; name: string }): Promise<Passkey> {
  const user = await requireUser(db, userId);
  const label = name.trim();
  if (!label) throw nameNeeded();
  const row = isUuid(passkeyId) && (await renamePasskey(db, user.id, passkeyId, label));
  if (!row) throw notFound();
  await recordAudit(db, {
    ...auditOf(user, ip, requestId),
    action: "identity.passkey_renamed",
    details: { passkeyId: row.id, name: label },
  });
  return presentPasskey(row);
}

export type RemovePasskeyOptions = ForUser &
  Partial<Bound> & { passkeyId: string; proof: CurrentFactor };

/**
 * Removes one of one's own keys with proof of a current factor (which may be that same key). The
 * last factor of an account whose role or organization requires one cannot go; when no factor is
 * left, the recovery codes go with it, as when an authenticator app is removed.
 */
export async function removeOwnPasskey({
  db,
  config,
  userId,
  passkeyId,
  proof,
  boundTo,
  ip,
  requestId,
  now = new Date(),
}: RemovePasskeyOptions): Promise<void> {
  const user = await requireUser(db, userId);
  const passkeys = await selectPasskeys(db, user.id);
  const target = passkeys.find((p) => p.id === passkeyId);
  if (!target) throw notFound();
  const { confirmed } = await selectTotpCredentials(db, user.id);
  const last = !confirmed && passkeys.length === 1;
  if (last && (await isSecondFactorRequired(db, user)))
    throw new AppError("unprocessable", {
      detail: {
        vi: "Tài khoản của bạn bắt buộc xác thực hai yếu tố; hãy thêm một khóa hoặc ứng dụng xác thực khác trước khi xóa khóa này.",
        en: "Your account requires a second factor; add another passkey or an authenticator app before removing this one.",
      },
    });
  await proveCurrentFactor({ db, config, user, proof, boundTo, meta: { ip, requestId }, now });
  await db.transaction().execute(async (trx) => {
    if (!(await deletePasskey(trx, user.id, target.id))) throw notFound();
    if (!(await hasSecondFactor(trx, user.id))) await deleteRecoveryCodes(trx, user.id);
    await recordAudit(trx, {
      ...auditOf(user, ip, requestId),
      action: "identity.second_factor_removed",
      details: { by: "self", method: "passkey", passkeyId: target.id, name: target.name },
    });
  });
}
