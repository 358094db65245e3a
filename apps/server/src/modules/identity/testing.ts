import { randomBytes } from "node:crypto";
import type { Role } from "../../core/actor.ts";
import type { Platform } from "../../platform.ts";
import { createApiToken } from "./api-tokens.ts";
import { createSession, SESSION_COOKIE } from "./sessions.ts";
import { actorFromUser } from "./sign-in.ts";
import { selectUserById } from "./repo.ts";
import { createUser } from "./users.ts";

/** Test factory: a real account (through the service layer) with an API token and a web session. */
export async function createTestUser(
  platform: Platform,
  options: { organizationId: string; roles: Role[]; username?: string; email?: string },
) {
  const db = platform.ctx.db;
  const username = options.username ?? `user-${randomBytes(5).toString("hex")}`;
  const password = `Test-${randomBytes(9).toString("base64url")}-Pw`;
  const user = await createUser({
    db,
    actor: { kind: "system", name: "test" },
    input: {
      username,
      displayName: `Người dùng ${username}`,
      ...(options.email ? { email: options.email } : {}),
      organizationId: options.organizationId,
      roles: options.roles,
      password,
    },
  });
  const row = await selectUserById(db, user.id);
  const token = await createApiToken({ db, actor: actorFromUser(row!, "token"), name: "test" });
  return {
    user: { id: user.id, username },
    password,
    bearer: { authorization: `Bearer ${token.token}` },
    /**
     * A web session like the one the SSO callback opens after a complete sign-in (password and,
     * where required, a second factor). The sign-in itself is tested in oidc/ and mfa/.
     */
    async signIn() {
      const session = await createSession({
        db,
        userId: user.id,
        ttlMinutes: platform.ctx.config.sessionTtlMinutes,
      });
      return { cookie: `${SESSION_COOKIE}=${session.token}`, csrfToken: session.csrfToken };
    },
  };
}
