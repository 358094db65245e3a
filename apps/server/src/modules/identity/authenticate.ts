import { timingSafeEqual } from "node:crypto";
import type { Authenticator } from "../../core/module.ts";
import { AppError } from "../../core/errors.ts";
import { API_TOKEN_PREFIX } from "./api-tokens.ts";
import { selectLiveToken, touchApiToken } from "./repo.ts";
import { findSession, hashToken, SESSION_COOKIE } from "./sessions.ts";
import { actorFromUser } from "./sign-in.ts";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Signing in creates the session (and its CSRF token), so it cannot require one. */
const CSRF_EXEMPT = new Set(["/api/v1/identity/login"]);

function sameSecret(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves the caller from a bearer API token or from the session cookie. A cookie-authenticated
 * write must carry the session's CSRF token in `x-csrf-token` (a cross-site form cannot read it).
 */
export const authenticateRequest: Authenticator = async (request, ctx) => {
  const header = request.headers.authorization;
  if (header?.startsWith(`Bearer ${API_TOKEN_PREFIX}`)) {
    const now = new Date();
    const row = await selectLiveToken(ctx.db, hashToken(header.slice(7)), now);
    if (!row || row.status !== "active") return null;
    if (!row.token_last_used_at || now.getTime() - row.token_last_used_at.getTime() > 60_000)
      await touchApiToken(ctx.db, row.token_id, now);
    return actorFromUser(row, "token");
  }
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const row = await findSession({ db: ctx.db, token, ttlMinutes: ctx.config.sessionTtlMinutes });
  if (!row || row.status !== "active") return null;
  const path = request.url.split("?")[0] ?? "";
  if (UNSAFE.has(request.method) && !CSRF_EXEMPT.has(path)) {
    const given = request.headers["x-csrf-token"];
    if (typeof given !== "string" || !sameSecret(given, row.csrf_token))
      throw new AppError("csrf_failed");
  }
  return actorFromUser(row, "session", hashToken(token).slice(0, 16));
};
