import { requireActor, requireRole, type Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import { decodeCursor, toPage } from "../../../core/http/cursor.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { organizationSubtreeIds } from "../../directory/index.ts";
import { caCertificate } from "../../trust/index.ts";
import type { ExchangeOutcome } from "../types.ts";
import { proofBundle } from "./proof-bundle.ts";
import type { ProofBundle } from "./proof.ts";
import { fieldsOfRow, searchExchanges, selectExchangeById, type ExchangeRow } from "./repo.ts";
import { verifyEvidenceLog, type EvidenceLogVerification } from "./verify-log.ts";

/** An exchange as the API shows it: the covered fields, its place in the chain and its digest. */
export function presentExchange(row: ExchangeRow) {
  return { seq: Number(row.seq), ...fieldsOfRow(row), recordDigest: row.record_digest };
}
export type ExchangeView = ReturnType<typeof presentExchange>;

/**
 * The organizations whose exchanges the actor may read: every one (`undefined`) for system
 * administrators and the platform itself; for everyone else, exchanges whose consumer or
 * provider belongs to their organization or one below it.
 */
async function readableOrganizations(db: Db, actor: Actor): Promise<string[] | undefined> {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return undefined;
  return organizationSubtreeIds({ db, organizationId: actor.organizationId });
}

const isSeqKey = (key: unknown): key is [number] =>
  Array.isArray(key) && key.length === 1 && Number.isSafeInteger(key[0]) && key[0] > 0;

export type ListExchangesOptions = {
  db: Db;
  actor: Actor | null | undefined;
  consumerSystemId?: string;
  providerSystemId?: string;
  serviceId?: string;
  outcome?: ExchangeOutcome;
  status?: number;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
};

/** Newest first, keyset-paginated; only exchanges the actor's organization took part in. */
export async function listExchanges(options: ListExchangesOptions) {
  const { db, limit } = options;
  const actor = requireActor(options.actor);
  const organizationIds = await readableOrganizations(db, actor);
  const rows = await searchExchanges(db, {
    consumerSystemId: options.consumerSystemId,
    providerSystemId: options.providerSystemId,
    serviceId: options.serviceId,
    outcome: options.outcome,
    status: options.status,
    from: options.from ? new Date(options.from) : undefined,
    to: options.to ? new Date(options.to) : undefined,
    organizationIds,
    beforeSeq: options.cursor ? decodeCursor(options.cursor, isSeqKey)[0] : undefined,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (row) => [Number(row.seq)]);
  return { items: page.items.map(presentExchange), nextCursor: page.nextCursor };
}

/** The exchange, if the actor may read it; `not_found` otherwise, so as not to reveal it exists. */
async function readableExchange(db: Db, actor: Actor | null | undefined, id: string) {
  const known = requireActor(actor);
  const row = await selectExchangeById(db, id);
  const scope = row && (await readableOrganizations(db, known));
  const visible =
    row &&
    (scope === undefined ||
      scope.some((o) => o === row.consumer_organization_id || o === row.provider_organization_id));
  if (!row || !visible) throw new AppError("not_found");
  return row;
}

export async function getExchange(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
}): Promise<ExchangeView> {
  return presentExchange(await readableExchange(options.db, options.actor, options.id));
}

/** The proof bundle of an exchange the actor may read (see `proofBundle`). */
export async function getExchangeProof(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
}): Promise<ProofBundle> {
  await readableExchange(options.db, options.actor, options.id);
  return (await proofBundle(options, options.id))!;
}

/**
 * Checks the whole evidence chain and every checkpoint against the platform's root CA; for
 * system administrators and security operators (and the local CLI).
 */
export async function verifyExchangeLog(options: {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
}): Promise<EvidenceLogVerification> {
  requireRole(options.actor, "security_operator");
  const root = await caCertificate(options.ctx, "root-ca");
  return verifyEvidenceLog(options.ctx.db, { trustAnchors: [root] });
}
