import { randomBytes } from "node:crypto";
import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { insertApiToken, revokeApiTokenRow, selectApiTokens } from "./repo.ts";
import { hashToken } from "./sessions.ts";
import type { RequestMeta } from "./users.ts";

/** Prefix that makes a leaked token easy to recognise (and to search for in code and logs). */
export const API_TOKEN_PREFIX = "lt_pat_";

function requireUser(actor: Actor | null | undefined) {
  const known = requireActor(actor);
  if (known.kind !== "user") {
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ tài khoản người dùng mới có mã truy cập API.",
        en: "Only user accounts hold API tokens.",
      },
    });
  }
  return known;
}

/** Issues a personal API token; only its hash is kept, so the token is shown this once. */
export async function createApiToken({
  db,
  actor,
  name,
  expiresInDays,
  meta = {},
}: {
  db: Db;
  actor: Actor | null | undefined;
  name: string;
  expiresInDays?: number;
  meta?: RequestMeta;
}) {
  const user = requireUser(actor);
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
  return db.transaction().execute(async (trx) => {
    const row = await insertApiToken(trx, {
      id: newId(),
      user_id: user.userId,
      name,
      token_hash: hashToken(token),
      expires_at: expiresAt,
    });
    await recordAudit(trx, {
      action: "identity.token_created",
      actor: user,
      targetType: "api_token",
      targetId: row.id,
      details: { name },
      ...meta,
    });
    return { id: row.id, name: row.name, token, expiresAt: row.expires_at?.toISOString() ?? null };
  });
}

export async function listApiTokens({ db, actor }: { db: Db; actor: Actor | null | undefined }) {
  const user = requireUser(actor);
  const rows = await selectApiTokens(db, user.userId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  }));
}

export async function revokeApiToken({
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
  const user = requireUser(actor);
  await db.transaction().execute(async (trx) => {
    if (!isUuid(id) || !(await revokeApiTokenRow(trx, id, user.userId)))
      throw new AppError("not_found");
    await recordAudit(trx, {
      action: "identity.token_revoked",
      actor: user,
      targetType: "api_token",
      targetId: id,
      ...meta,
    });
  });
}
