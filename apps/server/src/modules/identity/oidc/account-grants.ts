import type { Kysely } from "kysely";
import type { ModuleContext } from "../../../core/module.ts";
import type { Db } from "../../../core/db/index.ts";
import { PLATFORM_CLIENT_ID } from "./platform-client.ts";
import { oidcRuntimeOf } from "./runtime.ts";
import type { OidcTables } from "./tables.ts";

const t = (db: Db) => db as unknown as Kysely<OidcTables>;

type GrantPayload = {
  clientId: string;
  iat?: number;
  openid?: { scope?: string };
  resources?: Record<string, string>;
};
type SessionPayload = { authorizations?: Record<string, { sid?: string; grantId?: string }> };

/** Applications a person has let sign them in or act for them, newest grant first. */
export async function listGrantsOfAccount(db: Db, accountId: string) {
  const rows = await t(db)
    .selectFrom("idn_oidc_payloads")
    .leftJoin("idn_clients", (join) =>
      join.on((eb) =>
        eb(
          "idn_clients.client_id",
          "=",
          eb.ref("idn_oidc_payloads.payload", "->>").key("clientId" as never),
        ),
      ),
    )
    .select(["idn_oidc_payloads.id", "idn_oidc_payloads.payload", "idn_clients.name"])
    .where("idn_oidc_payloads.model", "=", "Grant")
    .where("idn_oidc_payloads.account_id", "=", accountId)
    .execute();
  const byClient = new Map<
    string,
    { clientId: string; name: string; scopes: Set<string>; grantedAt: number }
  >();
  for (const row of rows) {
    const grant = row.payload as GrantPayload;
    const entry = byClient.get(grant.clientId) ?? {
      clientId: grant.clientId,
      name: row.name ?? grant.clientId,
      scopes: new Set<string>(),
      grantedAt: 0,
    };
    for (const scope of (grant.openid?.scope ?? "").split(" ").filter(Boolean))
      entry.scopes.add(scope);
    for (const scopes of Object.values(grant.resources ?? {}))
      for (const scope of scopes.split(" ").filter(Boolean)) entry.scopes.add(scope);
    entry.grantedAt = Math.max(entry.grantedAt, grant.iat ?? 0);
    byClient.set(grant.clientId, entry);
  }
  // The platform's own web app is not an application the person granted; it is the account.
  byClient.delete(PLATFORM_CLIENT_ID);
  return [...byClient.values()]
    .sort((a, b) => b.grantedAt - a.grantedAt)
    .map((e) => ({
      clientId: e.clientId,
      name: e.name,
      scopes: [...e.scopes].sort(),
      grantedAt: new Date(e.grantedAt * 1000).toISOString(),
    }));
}

/** Withdraws one application's grants: its codes, access and refresh tokens go with them. */
export async function revokeGrantsOfClient(
  db: Db,
  accountId: string,
  clientId: string,
): Promise<number> {
  const grants = await t(db)
    .selectFrom("idn_oidc_payloads")
    .select(["id", "payload"])
    .where("model", "=", "Grant")
    .where("account_id", "=", accountId)
    .execute();
  const ids = grants
    .filter((g) => (g.payload as GrantPayload).clientId === clientId)
    .map((g) => g.id);
  if (ids.length === 0) return 0;
  await t(db).deleteFrom("idn_oidc_payloads").where("grant_id", "in", ids).execute();
  await t(db)
    .deleteFrom("idn_oidc_payloads")
    .where("model", "=", "Grant")
    .where("id", "in", ids)
    .execute();
  return ids.length;
}

/**
 * Ends every SSO session of an account: each application that asked to be told gets a
 * back-channel logout first, then the sessions, grants and tokens are deleted.
 */
export async function endOidcSessionsOfAccount(ctx: ModuleContext, accountId: string) {
  const sessions = await t(ctx.db)
    .selectFrom("idn_oidc_payloads")
    .select(["payload"])
    .where("model", "=", "Session")
    .where("account_id", "=", accountId)
    .execute();
  const provider = await oidcRuntimeOf(ctx).provider();
  let notified = 0;
  for (const { payload } of sessions) {
    for (const [clientId, authorization] of Object.entries(
      (payload as SessionPayload).authorizations ?? {},
    )) {
      const client = await provider.Client.find(clientId);
      if (!client?.backchannelLogoutUri || !authorization.sid) continue;
      const logout = client as unknown as {
        backchannelLogout(sub: string, sid: string): Promise<void>;
      };
      await logout.backchannelLogout(accountId, authorization.sid).then(
        () => (notified += 1),
        (error: unknown) => ctx.log.warn({ err: error, clientId }, "back-channel logout failed"),
      );
    }
  }
  const removed = await t(ctx.db)
    .deleteFrom("idn_oidc_payloads")
    .where("account_id", "=", accountId)
    .where("model", "in", ["Session", "Grant", "AccessToken", "RefreshToken", "AuthorizationCode"])
    .executeTakeFirst();
  return { sessions: sessions.length, notified, removed: Number(removed.numDeletedRows) };
}
