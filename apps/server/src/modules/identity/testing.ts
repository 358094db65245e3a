import { randomBytes } from "node:crypto";
import type { Role } from "../../core/actor.ts";
import type { Platform } from "../../platform.ts";
import { createApiToken } from "./api-tokens.ts";
import { actorFromUser } from "./sign-in.ts";
import { selectUserById } from "./repo.ts";
import { createUser } from "./users.ts";

/** Test factory: a real account (through the service layer) with an API token and a sign-in helper. */
export async function createTestUser(
  platform: Platform,
  options: { organizationId: string; roles: Role[]; username?: string },
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
    async signIn() {
      const response = await platform.app.inject({
        method: "POST",
        url: "/api/v1/identity/login",
        payload: { username, password },
        // Each sign-in from its own address, so tests that sign in often stay under the per-IP limit.
        remoteAddress: `10.${randomBytes(3).join(".")}`,
      });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
      const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
      return { cookie, csrfToken: response.json().csrfToken as string };
    },
  };
}
