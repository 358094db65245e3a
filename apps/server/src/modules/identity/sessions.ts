import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../core/db/index.ts";
import {
  deleteSession,
  deleteSessionsWhere,
  extendSession,
  insertSession,
  selectLiveSession,
} from "./repo.ts";

/** Name of the HTTP-only cookie that carries the session token. */
export const SESSION_COOKIE = "lt_session";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type NewSession = { token: string; csrfToken: string; expiresAt: Date };

/** Only the SHA-256 of the token is stored, so a database dump does not hand out live sessions. */
export async function createSession({
  db,
  userId,
  ttlMinutes,
  ip,
  userAgent,
  oidcSid,
}: {
  db: Db;
  userId: string;
  ttlMinutes: number;
  ip?: string;
  userAgent?: string | undefined;
  oidcSid?: string | undefined;
}): Promise<NewSession> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
  await insertSession(db, {
    token_hash: hashToken(token),
    user_id: userId,
    csrf_token: csrfToken,
    ip: ip ?? null,
    user_agent: userAgent?.slice(0, 400) ?? null,
    expires_at: expiresAt,
    oidc_sid: oidcSid ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/**
 * The live session for a token, sliding its expiry forward. The expiry is written at most once a
 * minute per session, so reads do not turn into a write per request.
 */
export async function findSession({
  db,
  token,
  ttlMinutes,
}: {
  db: Db;
  token: string;
  ttlMinutes: number;
}) {
  const now = new Date();
  const hash = hashToken(token);
  const row = await selectLiveSession(db, hash, now);
  if (!row) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await extendSession(db, hash, now, new Date(now.getTime() + ttlMinutes * 60_000));
  }
  return row;
}

export async function endSession({ db, token }: { db: Db; token: string }) {
  await deleteSession(db, hashToken(token));
}

/** Ends the web sessions opened by one SSO session (back-channel logout); returns how many. */
export async function endSessionsOfOidcSession(db: Db, sid: string): Promise<number> {
  return deleteSessionsWhere(db, "oidc_sid", sid);
}

/** Ends every web session of an account. */
export async function endSessionsOfUser(db: Db, userId: string): Promise<number> {
  return deleteSessionsWhere(db, "user_id", userId);
}
