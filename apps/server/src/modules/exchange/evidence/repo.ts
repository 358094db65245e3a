import { sql, type Kysely, type Selectable } from "kysely";
import type { Db } from "../../../core/db/index.ts";
import type { ExchangeOutcome } from "../types.ts";
import type { BodyKind } from "./body-sealing.ts";
import type { EvidenceFields } from "./chain.ts";

export type ExchangeTable = {
  seq: number;
  id: string;
  correlation_id: string;
  request_id: string;
  started_at: Date;
  consumer_client_id: string | null;
  consumer_system_id: string | null;
  consumer_organization_id: string | null;
  service_id: string | null;
  provider_system_id: string | null;
  provider_organization_id: string | null;
  service_code: string | null;
  version: string | null;
  method: string;
  path: string;
  end_user: string | null;
  outcome: ExchangeOutcome;
  status: number;
  error_code: string | null;
  latency_ms: number;
  upstream_ms: number | null;
  request_bytes: number;
  response_bytes: number;
  request_sha256: string;
  response_sha256: string;
  record_digest: string;
  prev_hash: string;
  hash: string;
};
type BodyTable = { exchange_id: string; kind: BodyKind; sealed: Uint8Array };
type CheckpointTable = {
  up_to_seq: number;
  head_hash: string;
  at: Date;
  instance: string;
  signature: Uint8Array;
  timestamp_token: Uint8Array;
  signer_certificate: Uint8Array;
};
type EvidenceTables = {
  xch_exchanges: ExchangeTable;
  xch_exchange_bodies: BodyTable;
  xch_evidence_checkpoints: CheckpointTable;
};

export type ExchangeRow = Selectable<ExchangeTable>;
export type CheckpointRow = Selectable<CheckpointTable>;
/** A body ready to store: `sealed` is already encrypted. */
export type SealedBody = { exchangeId: string; kind: BodyKind; sealed: Uint8Array };
/** The last row of the chain: what the next row links to. */
export type ChainHead = { seq: number; hash: string };

/** The only place that writes SQL for the evidence log's tables. */
const t = (db: Db) => db as unknown as Kysely<EvidenceTables>;

/** Serializes writers of the evidence chain; any constant, the same in every process. */
const EVIDENCE_LOCK = 7_243_010;

/** The row of one exchange from its covered fields and its place in the chain. */
export function exchangeRow(
  seq: number,
  fields: EvidenceFields,
  chain: { recordDigest: string; prevHash: string; hash: string },
): ExchangeTable {
  return {
    seq,
    id: fields.id,
    correlation_id: fields.correlationId,
    request_id: fields.requestId,
    started_at: new Date(fields.startedAt),
    consumer_client_id: fields.consumerClientId,
    consumer_system_id: fields.consumerSystemId,
    consumer_organization_id: fields.consumerOrganizationId,
    service_id: fields.serviceId,
    provider_system_id: fields.providerSystemId,
    provider_organization_id: fields.providerOrganizationId,
    service_code: fields.serviceCode,
    version: fields.version,
    method: fields.method,
    path: fields.path,
    end_user: fields.endUser,
    outcome: fields.outcome,
    status: fields.status,
    error_code: fields.errorCode,
    latency_ms: fields.latencyMs,
    upstream_ms: fields.upstreamMs,
    request_bytes: fields.requestBytes,
    response_bytes: fields.responseBytes,
    request_sha256: fields.requestSha256,
    response_sha256: fields.responseSha256,
    record_digest: chain.recordDigest,
    prev_hash: chain.prevHash,
    hash: chain.hash,
  };
}

/** The covered fields as a stored row gives them back. */
export function fieldsOfRow(row: ExchangeRow): EvidenceFields {
  return {
    id: row.id,
    correlationId: row.correlation_id,
    requestId: row.request_id,
    startedAt: row.started_at.toISOString(),
    consumerClientId: row.consumer_client_id,
    consumerSystemId: row.consumer_system_id,
    consumerOrganizationId: row.consumer_organization_id,
    serviceId: row.service_id,
    providerSystemId: row.provider_system_id,
    providerOrganizationId: row.provider_organization_id,
    serviceCode: row.service_code,
    version: row.version,
    method: row.method,
    path: row.path,
    endUser: row.end_user,
    outcome: row.outcome,
    status: row.status,
    errorCode: row.error_code,
    latencyMs: row.latency_ms,
    upstreamMs: row.upstream_ms,
    requestBytes: row.request_bytes,
    responseBytes: row.response_bytes,
    requestSha256: row.request_sha256,
    responseSha256: row.response_sha256,
  };
}

const RECORDSET = sql`r(seq bigint, id uuid, correlation_id text, request_id text,
  started_at timestamptz, consumer_client_id text, consumer_system_id uuid,
  consumer_organization_id uuid, service_id text, provider_system_id uuid,
  provider_organization_id uuid, service_code text, version text, method text, path text,
  end_user text, outcome text, status integer, error_code text, latency_ms double precision,
  upstream_ms double precision, request_bytes bigint, response_bytes bigint,
  request_sha256 text, response_sha256 text, record_digest text, prev_hash text, hash text)`;

const bodiesJson = (bodies: readonly SealedBody[]) =>
  JSON.stringify(
    bodies.map((b) => ({
      exchange_id: b.exchangeId,
      kind: b.kind,
      sealed: Buffer.from(b.sealed).toString("base64"),
    })),
  );

/**
 * Writes exchange rows and their sealed bodies in ONE statement, whatever their number: the rows
 * travel as one JSON parameter (`json_to_recordset`), so a batch of thousands costs one parse,
 * one plan and one round trip, where a VALUES list would need 28 parameters per row.
 *
 * `lock` takes the chain lock inside the statement (PostgreSQL, several writers). If another
 * writer has appended since the head the rows were chained to, the primary key on `seq` refuses
 * the whole statement with `ChainMovedError` and nothing is written.
 */
export async function insertExchangeRows(
  db: Db,
  rows: readonly ExchangeTable[],
  bodies: readonly SealedBody[],
  { lock }: { lock: boolean },
): Promise<void> {
  try {
    await sql`with inserted as (
        insert into xch_exchanges
        select r.* from json_to_recordset(${JSON.stringify(rows)}::json) as ${RECORDSET}
        ${lock ? sql`cross join (select pg_advisory_xact_lock(${EVIDENCE_LOCK})) as chain_lock` : sql``}
        returning id
      )
      insert into xch_exchange_bodies (exchange_id, kind, sealed)
      select b.exchange_id, b.kind, decode(b.sealed, 'base64')
      from json_to_recordset(${bodiesJson(bodies)}::json) as b(exchange_id uuid, kind text, sealed text)`.execute(
      db,
    );
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === "23505" && constraint === "xch_exchanges_pkey") throw new ChainMovedError();
    if (code === "23505") throw new DuplicateExchangeError();
    throw error;
  }
}

/** An exchange id is already in the log, or twice in one batch. */
export class DuplicateExchangeError extends Error {
  constructor(id?: string) {
    super(`exchange ${id ?? "id"} is already in the evidence log`);
  }
}

/** Which of these exchange ids the log holds already. */
export async function selectExistingIds(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await t(db)
    .selectFrom("xch_exchanges")
    .select("id")
    .where("id", "in", ids)
    .execute();
  return rows.map((r) => r.id);
}

/** Another writer appended to the chain since the head the caller gave. */
export class ChainMovedError extends Error {
  constructor() {
    super("the evidence chain moved on since the given head");
  }
}

/** Takes the chain lock until the end of the transaction `db` is. */
export async function lockChain(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${EVIDENCE_LOCK})`.execute(db);
}

export async function selectChainHead(db: Db): Promise<ChainHead | undefined> {
  return t(db)
    .selectFrom("xch_exchanges")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Rows in chain order from `fromSeq` (inclusive). */
export async function selectRowsFrom(db: Db, fromSeq: number, limit: number) {
  return t(db)
    .selectFrom("xch_exchanges")
    .selectAll()
    .where("seq", ">=", fromSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
}

export async function selectExchangeById(db: Db, id: string): Promise<ExchangeRow | undefined> {
  return t(db).selectFrom("xch_exchanges").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Record digests of the rows from `fromSeq` to `toSeq`, both inclusive, in chain order. */
export async function selectDigests(db: Db, fromSeq: number, toSeq: number): Promise<string[]> {
  const rows = await t(db)
    .selectFrom("xch_exchanges")
    .select("record_digest")
    .where("seq", ">=", fromSeq)
    .where("seq", "<=", toSeq)
    .orderBy("seq")
    .execute();
  return rows.map((r) => r.record_digest);
}

export type ExchangeSearch = {
  consumerSystemId?: string | undefined;
  providerSystemId?: string | undefined;
  serviceId?: string | undefined;
  outcome?: ExchangeOutcome | undefined;
  status?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only exchanges whose consumer or provider organization is one of these. */
  organizationIds?: readonly string[] | undefined;
  /** Rows with `seq` below this (newest first). */
  beforeSeq?: number | undefined;
  limit: number;
};

/** Newest first, keyset-paginated by `seq`. */
export async function searchExchanges(db: Db, search: ExchangeSearch): Promise<ExchangeRow[]> {
  let query = t(db)
    .selectFrom("xch_exchanges")
    .selectAll()
    .orderBy("seq", "desc")
    .limit(search.limit);
  if (search.organizationIds) {
    const ids = search.organizationIds;
    if (ids.length === 0) return [];
    query = query.where((eb) =>
      eb.or([eb("consumer_organization_id", "in", ids), eb("provider_organization_id", "in", ids)]),
    );
  }
  if (search.consumerSystemId)
    query = query.where("consumer_system_id", "=", search.consumerSystemId);
  if (search.providerSystemId)
    query = query.where("provider_system_id", "=", search.providerSystemId);
  if (search.serviceId) query = query.where("service_id", "=", search.serviceId);
  if (search.outcome) query = query.where("outcome", "=", search.outcome);
  if (search.status !== undefined) query = query.where("status", "=", search.status);
  if (search.from) query = query.where("started_at", ">=", search.from);
  if (search.to) query = query.where("started_at", "<", search.to);
  if (search.beforeSeq !== undefined) query = query.where("seq", "<", search.beforeSeq);
  return query.execute();
}

export async function selectBodies(db: Db, exchangeId: string) {
  return t(db)
    .selectFrom("xch_exchange_bodies")
    .select(["kind", "sealed"])
    .where("exchange_id", "=", exchangeId)
    .execute();
}

/** Stores a checkpoint; false when one for the same head exists already. */
export async function insertCheckpoint(db: Db, row: CheckpointRow): Promise<boolean> {
  const inserted = await t(db)
    .insertInto("xch_evidence_checkpoints")
    .values(row)
    .onConflict((c) => c.column("up_to_seq").doNothing())
    .returning("up_to_seq")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function selectLastCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  return t(db)
    .selectFrom("xch_evidence_checkpoints")
    .selectAll()
    .orderBy("up_to_seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The first checkpoint that covers `seq` (its head is at or after it). */
export async function selectCheckpointCovering(
  db: Db,
  seq: number,
): Promise<CheckpointRow | undefined> {
  return t(db)
    .selectFrom("xch_evidence_checkpoints")
    .selectAll()
    .where("up_to_seq", ">=", seq)
    .orderBy("up_to_seq")
    .limit(1)
    .executeTakeFirst();
}

/** Checkpoints whose head lies from `fromSeq` to `toSeq` (both inclusive), in order. */
export async function selectCheckpointsBetween(
  db: Db,
  fromSeq: number,
  toSeq: number,
): Promise<CheckpointRow[]> {
  return t(db)
    .selectFrom("xch_evidence_checkpoints")
    .selectAll()
    .where("up_to_seq", ">=", fromSeq)
    .where("up_to_seq", "<=", toSeq)
    .orderBy("up_to_seq")
    .execute();
}
