import { sql, type Kysely, type Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";

type CredentialTable = { name: string; certificate: string; chain: string; sealed_key: string };
type CertificateTable = {
  authority: string;
  serial: string;
  certificate: string;
  revoked_at: Date | null;
  revocation_reason: string | null;
};
type TrustTables = { tru_credentials: CredentialTable; tru_certificates: CertificateTable };

export type CredentialRow = Selectable<CredentialTable>;
export type CertificateRow = Selectable<CertificateTable>;

/** The only place that writes SQL for the trust module's tables (`tru_`). */
const t = (db: Db) => db as unknown as Kysely<TrustTables>;

export async function selectCredentials(db: Db): Promise<CredentialRow[]> {
  return t(db).selectFrom("tru_credentials").selectAll().execute();
}

export async function selectCertificates(db: Db): Promise<CertificateRow[]> {
  return t(db).selectFrom("tru_certificates").selectAll().execute();
}

/**
 * Stores a freshly made CA in one transaction. When another process got there first (the root
 * row exists), stores nothing and returns false, so every process ends up with the same CA.
 */
export async function insertDemoCa(
  db: Db,
  ca: { credentials: CredentialRow[]; certificates: CertificateRow[] },
): Promise<boolean> {
  return t(db)
    .transaction()
    .execute(async (trx) => {
      const [first, ...rest] = ca.credentials;
      const claimed = await trx
        .insertInto("tru_credentials")
        .values(first!)
        .onConflict((c) => c.column("name").doNothing())
        .returning("name")
        .executeTakeFirst();
      if (!claimed) return false;
      await trx.insertInto("tru_credentials").values(rest).execute();
      await trx.insertInto("tru_certificates").values(ca.certificates).execute();
      return true;
    });
}

export async function nextTimestampSerial(db: Db): Promise<bigint> {
  const { rows } = await sql<{
    serial: string;
  }>`select nextval('tru_timestamp_serial')::text as serial`.execute(db);
  return BigInt(rows[0]!.serial);
}
