import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { newId } from "../../../core/ids.ts";
import { secretBox } from "../../../core/secret-box.ts";

/** The only file that writes SQL for `xch_channels` and `xch_messages`. */

export type ChannelRow = {
  id: string;
  service_id: string;
  provider_system_id: string;
  provider_organization_id: string;
  provider_org_code: string;
  provider_system_code: string;
  service_code: string;
  service_version: string;
  code: string;
  name: string;
  delivery: "push" | "pull";
  push_path: string;
  max_attempts: number;
  retry_base_ms: number;
  max_message_bytes: number;
  status: "active" | "retired";
  created_at: Date;
};

export type MessageStatus = "queued" | "delivered" | "dead";

export type MessageRow = {
  id: string;
  channel_id: string;
  consumer_system_id: string;
  consumer_organization_id: string;
  consumer_client_id: string;
  idempotency_key: string;
  request_sha256: string;
  content_type: string;
  payload_bytes: number;
  correlation_id: string;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  response_status: number | null;
  response_sha256: string | null;
  accepted_at: Date;
  delivered_at: Date | null;
  dead_at: Date | null;
};

/** Every column but the payload, for lists and status answers. */
const MESSAGE_COLUMNS = sql.raw(`id, channel_id, consumer_system_id, consumer_organization_id,
  consumer_client_id, idempotency_key, request_sha256, content_type, payload_bytes, correlation_id,
  status, attempts, next_attempt_at, last_error, response_status, response_sha256, accepted_at,
  delivered_at, dead_at`);

export async function insertChannel(db: Db, row: ChannelRow): Promise<void> {
  await sql`insert into xch_channels (id, service_id, provider_system_id, provider_organization_id,
      provider_org_code,
      provider_system_code, service_code, service_version, code, name, delivery, push_path,
      max_attempts, retry_base_ms, max_message_bytes, status, created_at)
    values (${row.id}, ${row.service_id}, ${row.provider_system_id}, ${row.provider_organization_id},
      ${row.provider_org_code},
      ${row.provider_system_code}, ${row.service_code}, ${row.service_version}, ${row.code},
      ${row.name}, ${row.delivery}, ${row.push_path}, ${row.max_attempts}, ${row.retry_base_ms},
      ${row.max_message_bytes}, ${row.status}, ${row.created_at})`.execute(db);
}

export async function selectChannel(db: Db, id: string): Promise<ChannelRow | undefined> {
  const { rows } = await sql<ChannelRow>`select * from xch_channels where id = ${id}`.execute(db);
  return rows[0];
}

export async function selectChannelsOfService(db: Db, serviceId: string): Promise<ChannelRow[]> {
  const { rows } = await sql<ChannelRow>`select * from xch_channels
    where service_id = ${serviceId} order by code`.execute(db);
  return rows;
}

export async function selectChannelIdsOfProviders(
  db: Db,
  organizationIds: string[],
): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const { rows } = await sql<{ id: string }>`select id from xch_channels
    where provider_organization_id in (${sql.join(organizationIds)})`.execute(db);
  return rows.map((r) => r.id);
}

export type ChannelPath = {
  providerOrgCode: string;
  providerSystemCode: string;
  serviceCode: string;
  version: string;
  channel: string;
};

export async function selectChannelByPath(
  db: Db,
  path: ChannelPath,
): Promise<ChannelRow | undefined> {
  const { rows } = await sql<ChannelRow>`select * from xch_channels
    where lower(provider_org_code) = lower(${path.providerOrgCode})
      and provider_system_code = ${path.providerSystemCode}
      and service_code = ${path.serviceCode} and service_version = ${path.version}
      and code = ${path.channel} and status = 'active'`.execute(db);
  return rows[0];
}

export type NewMessage = Omit<
  MessageRow,
  | "status"
  | "attempts"
  | "next_attempt_at"
  | "last_error"
  | "response_status"
  | "response_sha256"
  | "delivered_at"
  | "dead_at"
> & { payload: Uint8Array };

/**
 * Stores a message, or finds the one stored earlier under the same idempotency key (same consumer
 * system and channel). `created` tells which; the caller compares the request digests.
 *
 * Group commit: messages posted while an insert is running wait for it and are then stored
 * together in one statement (one commit, one flush to disk), so the durable acknowledgement does
 * not cost one disk flush per message under load. Each caller is answered once its row is
 * committed.
 */
export function insertMessage(
  db: Db,
  config: Pick<Config, "masterKey" | "dataDir">,
  message: NewMessage,
): Promise<{ created: boolean; row: MessageRow }> {
  const sealed = sealPayload(config, message.id, message.payload);
  // Inside a caller's transaction the row commits with it: no batching across transactions.
  if (db.isTransaction) return insertBatch(db, [{ message, sealed }]).then(([result]) => result!);
  let inserter = inserters.get(db);
  if (!inserter) inserters.set(db, (inserter = new MessageInserter(db)));
  return inserter.insert({ message, sealed });
}

/** Rows per statement at most (15 parameters each), and payload bytes per statement at most. */
const INSERT_BATCH_ROWS = 500;
const INSERT_BATCH_BYTES = 8 * 1024 * 1024;

type PendingInsert = {
  message: NewMessage;
  sealed: Uint8Array;
  resolve: (result: { created: boolean; row: MessageRow }) => void;
  reject: (error: unknown) => void;
};

const inserters = new WeakMap<Db, MessageInserter>();

class MessageInserter {
  #queue: PendingInsert[] = [];
  #writing = false;

  constructor(private readonly db: Db) {}

  insert(item: Omit<PendingInsert, "resolve" | "reject">) {
    return new Promise<{ created: boolean; row: MessageRow }>((resolve, reject) => {
      this.#queue.push({ ...item, resolve, reject });
      if (!this.#writing) {
        this.#writing = true;
        // One turn of the event loop, so requests that arrived together share the first batch.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain() {
    while (this.#queue.length > 0) {
      let bytes = 0;
      let take = 0;
      while (
        take < this.#queue.length &&
        take < INSERT_BATCH_ROWS &&
        (take === 0 || bytes + this.#queue[take]!.sealed.length <= INSERT_BATCH_BYTES)
      ) {
        bytes += this.#queue[take]!.sealed.length;
        take += 1;
      }
      const batch = this.#queue.splice(0, take);
      try {
        const results = await insertBatch(this.db, batch);
        batch.forEach((item, i) => item.resolve(results[i]!));
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.#writing = false;
  }
}

async function insertBatch(
  db: Db,
  batch: readonly Pick<PendingInsert, "message" | "sealed">[],
): Promise<{ created: boolean; row: MessageRow }[]> {
  const values = batch.map(
    ({ message, sealed }) => sql`(${message.id}, ${message.channel_id},
      ${message.consumer_system_id}, ${message.consumer_organization_id},
      ${message.consumer_client_id}, ${message.idempotency_key}, ${message.request_sha256},
      ${message.content_type}, ${sealed}, ${message.payload_bytes}, ${message.correlation_id},
      'queued', 0, ${message.accepted_at}, ${message.accepted_at})`,
  );
  const { rows } = await sql<MessageRow>`insert into xch_messages (id, channel_id,
      consumer_system_id, consumer_organization_id, consumer_client_id, idempotency_key,
      request_sha256, content_type, payload, payload_bytes, correlation_id, status, attempts,
      next_attempt_at, accepted_at)
    values ${sql.join(values)}
    on conflict (consumer_system_id, channel_id, idempotency_key) do nothing
    returning ${MESSAGE_COLUMNS}`.execute(db);
  const created = new Map(rows.map((row) => [row.id, row]));
  const results: ({ created: boolean; row: MessageRow } | undefined)[] = batch.map(
    ({ message }) => {
      const row = created.get(message.id);
      return row ? { created: true, row } : undefined;
    },
  );
  // The others repeat an idempotency key stored earlier (or earlier in this batch).
  for (const [i, result] of results.entries()) {
    if (result) continue;
    const { message } = batch[i]!;
    const existing = await sql<MessageRow>`select ${MESSAGE_COLUMNS} from xch_messages
      where consumer_system_id = ${message.consumer_system_id}
        and channel_id = ${message.channel_id}
        and idempotency_key = ${message.idempotency_key}`.execute(db);
    results[i] = { created: false, row: existing.rows[0]! };
  }
  return results as { created: boolean; row: MessageRow }[];
}

export async function selectMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  const { rows } = await sql<MessageRow>`select ${MESSAGE_COLUMNS} from xch_messages
    where id = ${id}`.execute(db);
  return rows[0];
}

export type ClaimedMessage = MessageRow & { payload: Buffer; lease: string };

/**
 * Claims due messages of push channels with a lease (`FOR UPDATE SKIP LOCKED`), so several
 * processes never deliver one message at the same time, and a message whose process died is
 * claimed again when the lease runs out — delivery is at least once, never zero times.
 */
export async function claimDueMessages(
  db: Db,
  config: Pick<Config, "masterKey" | "dataDir">,
  options: { limit: number; leaseMs: number; delivery: "push" | "pull"; channelId?: string },
): Promise<ClaimedMessage[]> {
  const lease = newId();
  const channelFilter = options.channelId ? sql`and m.channel_id = ${options.channelId}` : sql``;
  const { rows } = await sql<MessageRow & { payload: Uint8Array }>`
    update xch_messages set lease = ${lease},
      locked_until = now() + ${`${options.leaseMs} milliseconds`}::interval,
      next_attempt_at = now() + ${`${options.leaseMs} milliseconds`}::interval
    where id in (
      select m.id from xch_messages m join xch_channels c on c.id = m.channel_id
      where m.status = 'queued' and m.next_attempt_at <= now() and c.delivery = ${options.delivery}
        ${channelFilter}
      order by m.next_attempt_at
      limit ${options.limit}
      for update of m skip locked
    )
    returning ${MESSAGE_COLUMNS}, payload`.execute(db);
  return rows.map((row) => ({
    ...row,
    lease,
    payload: openPayload(config, row.id, row.payload),
  }));
}

/** The outcome of one delivery attempt; only the holder of the lease may record it. */
export type AttemptResult =
  | { delivered: true; responseStatus: number; responseSha256: string }
  | {
      delivered: false;
      error: string;
      responseStatus: number | null;
      /** When to try again; undefined moves the message to the dead letters. */
      retryAt: Date | undefined;
    };

export async function recordAttempt(
  db: Db,
  message: { id: string; lease: string },
  result: AttemptResult,
): Promise<boolean> {
  const mine = sql`id = ${message.id} and lease = ${message.lease} and status = 'queued'`;
  const { numAffectedRows } = result.delivered
    ? await sql`update xch_messages set status = 'delivered', attempts = attempts + 1,
        delivered_at = now(), response_status = ${result.responseStatus},
        response_sha256 = ${result.responseSha256}, last_error = null, lease = null,
        locked_until = null where ${mine}`.execute(db)
    : result.retryAt
      ? await sql`update xch_messages set attempts = attempts + 1,
          last_error = ${result.error.slice(0, 2000)}, response_status = ${result.responseStatus},
          next_attempt_at = ${result.retryAt}, lease = null, locked_until = null
          where ${mine}`.execute(db)
      : await sql`update xch_messages set status = 'dead', attempts = attempts + 1, dead_at = now(),
          last_error = ${result.error.slice(0, 2000)}, response_status = ${result.responseStatus},
          lease = null, locked_until = null where ${mine}`.execute(db);
  return Number(numAffectedRows ?? 0) === 1;
}

export async function selectDeadLetters(
  db: Db,
  options: { channelIds: string[] | "all"; limit: number; before?: { at: Date; id: string } },
): Promise<MessageRow[]> {
  if (options.channelIds !== "all" && options.channelIds.length === 0) return [];
  const channels =
    options.channelIds === "all" ? sql`` : sql`and channel_id in (${sql.join(options.channelIds)})`;
  const before = options.before
    ? sql`and (dead_at, id) < (${options.before.at}, ${options.before.id})`
    : sql``;
  const { rows } = await sql<MessageRow>`select ${MESSAGE_COLUMNS} from xch_messages
    where status = 'dead' ${channels} ${before}
    order by dead_at desc, id desc limit ${options.limit}`.execute(db);
  return rows;
}

/** Puts a dead letter back in the queue with a fresh count of attempts. */
export async function requeueMessage(db: Db, id: string): Promise<boolean> {
  const { numAffectedRows } = await sql`update xch_messages set status = 'queued', attempts = 0,
      next_attempt_at = now(), dead_at = null, lease = null, locked_until = null
    where id = ${id} and status = 'dead'`.execute(db);
  return Number(numAffectedRows ?? 0) === 1;
}

export async function countMessages(db: Db): Promise<Record<MessageStatus, number>> {
  const { rows } = await sql<{ status: MessageStatus; n: number }>`select status, count(*)::int as n
    from xch_messages group by status`.execute(db);
  const counts: Record<MessageStatus, number> = { queued: 0, delivered: 0, dead: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** AES-256-GCM under a key derived from the master key; the message id is authenticated. */
function sealPayload(config: Pick<Config, "masterKey" | "dataDir">, id: string, data: Uint8Array) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", payloadKey(config), iv);
  cipher.setAAD(Buffer.from(id));
  return Buffer.concat([iv, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}

function openPayload(
  config: Pick<Config, "masterKey" | "dataDir">,
  id: string,
  sealed: Uint8Array,
) {
  const data = Buffer.from(sealed);
  const decipher = createDecipheriv("aes-256-gcm", payloadKey(config), data.subarray(0, 12));
  decipher.setAAD(Buffer.from(id));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
}

const payloadKeys = new WeakMap<object, Buffer>();
function payloadKey(config: Pick<Config, "masterKey" | "dataDir">): Buffer {
  let key = payloadKeys.get(config);
  if (!key) {
    key = secretBox(config).derive("exchange-message-payloads");
    payloadKeys.set(config, key);
  }
  return key;
}
