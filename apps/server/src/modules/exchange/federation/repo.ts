import type { Generated, Kysely, Selectable } from "kysely";
import type { Db } from "../../../core/db/index.ts";

type InstanceIdentityTable = {
  id: number;
  certificate: string;
  fingerprint: string;
  sealed_key: string;
  created_at: Generated<Date>;
};

type PeerTable = {
  id: string;
  name: string;
  url: string;
  certificate: string;
  fingerprint: string;
  org_codes: string[];
  status: "active" | "suspended";
  status_reason: string | null;
  created_at: Generated<Date>;
  created_by: string;
  updated_at: Date | null;
  updated_by: string | null;
};

export type PeerRow = Selectable<PeerTable>;

type FederationTables = { xch_instance_identity: InstanceIdentityTable; xch_peers: PeerTable };

const t = (db: Db) => db as unknown as Kysely<FederationTables>;

export async function selectInstanceIdentity(db: Db) {
  return t(db).selectFrom("xch_instance_identity").selectAll().executeTakeFirst();
}

/** Inserts the identity unless another process did first; the caller re-reads either way. */
export async function insertInstanceIdentity(
  db: Db,
  row: Pick<InstanceIdentityTable, "certificate" | "fingerprint" | "sealed_key">,
): Promise<void> {
  await t(db)
    .insertInto("xch_instance_identity")
    .values({ id: 1, ...row })
    .onConflict((c) => c.column("id").doNothing())
    .execute();
}

export async function insertPeer(
  db: Db,
  row: Omit<PeerRow, "created_at" | "status_reason" | "updated_at" | "updated_by">,
): Promise<PeerRow> {
  return t(db).insertInto("xch_peers").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectPeers(db: Db): Promise<PeerRow[]> {
  return t(db).selectFrom("xch_peers").selectAll().orderBy("name").execute();
}

export type PeerChanges = Partial<
  Pick<PeerRow, "url" | "certificate" | "fingerprint" | "org_codes" | "status" | "status_reason">
> & { updated_by: string };

/** Changes one peer; undefined when it no longer exists. */
export async function updatePeerRow(
  db: Db,
  id: string,
  changes: PeerChanges,
): Promise<PeerRow | undefined> {
  return t(db)
    .updateTable("xch_peers")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deletePeerRow(db: Db, id: string): Promise<PeerRow | undefined> {
  return t(db).deleteFrom("xch_peers").where("id", "=", id).returningAll().executeTakeFirst();
}
