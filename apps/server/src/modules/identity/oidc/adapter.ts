import { sql, type Kysely } from "kysely";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Db } from "../../../core/db/index.ts";
import type { OidcTables } from "./tables.ts";

const t = (db: Db) => db as unknown as Kysely<OidcTables>;

/**
 * oidc-provider's persistence on the platform database (PGlite or PostgreSQL): one table,
 * `idn_oidc_payloads`, keyed by model name and id. Clients are not stored here: the `Client`
 * model reads the client registry through `findClient`.
 */
export function databaseAdapter(
  db: Db,
  findClient: (clientId: string) => Promise<AdapterPayload | undefined>,
): new (model: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      const row = {
        model: this.model,
        id,
        payload: sql<never>`${JSON.stringify(payload)}::jsonb`,
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        account_id: payload.accountId ?? null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      await t(db)
        .insertInto("idn_oidc_payloads")
        .values(row)
        .onConflict((oc) =>
          oc.columns(["model", "id"]).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            user_code: row.user_code,
            uid: row.uid,
            account_id: row.account_id,
            expires_at: row.expires_at,
          }),
        )
        .execute();
    }

    async find(id: string) {
      if (this.model === "Client") return findClient(id);
      return this.findWhere("id", id);
    }

    async findByUserCode(userCode: string) {
      return this.findWhere("user_code", userCode);
    }

    async findByUid(uid: string) {
      return this.findWhere("uid", uid);
    }

    async consume(id: string) {
      await t(db)
        .updateTable("idn_oidc_payloads")
        .set({ consumed_at: new Date() })
        .where("model", "=", this.model)
        .where("id", "=", id)
        .where("consumed_at", "is", null)
        .execute();
    }

    async destroy(id: string) {
      await t(db)
        .deleteFrom("idn_oidc_payloads")
        .where("model", "=", this.model)
        .where("id", "=", id)
        .execute();
    }

    /** Every model of a grant goes at once: codes, access and refresh tokens, the grant itself. */
    async revokeByGrantId(grantId: string) {
      await t(db).deleteFrom("idn_oidc_payloads").where("grant_id", "=", grantId).execute();
    }

    private async findWhere(column: "id" | "user_code" | "uid", value: string) {
      const row = await t(db)
        .selectFrom("idn_oidc_payloads")
        .select(["payload", "consumed_at", "expires_at"])
        .where("model", "=", this.model)
        .where(column, "=", value)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.expires_at && row.expires_at.getTime() <= Date.now()) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumed_at
        ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) }
        : payload;
    }
  };
}

/** Removes expired models; run by a recurring job. */
export async function purgeExpiredOidcPayloads(db: Db): Promise<number> {
  const result = await t(db)
    .deleteFrom("idn_oidc_payloads")
    .where("expires_at", "<", new Date())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
