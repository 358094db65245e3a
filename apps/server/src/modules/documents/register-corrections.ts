import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { getRegister, inTransaction, requireManager } from "./register-access.ts";
import { closedRegister, getEntry, searchTextOf } from "./register-entries.ts";
import {
  CORRECTABLE_FIELDS,
  type EntryCorrection,
  type EntryCorrectionInput,
  type RegisterEntry,
} from "./register-schema.ts";
import {
  insertCorrection,
  selectCorrections,
  selectEntry,
  updateEntry,
  type CorrectableColumns,
} from "./registers-repo.ts";

export async function listCorrections(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  entryId: string;
}): Promise<EntryCorrection[]> {
  const entry = await getEntry(options);
  return selectCorrections(options.db, entry.id);
}

const COLUMN_OF = {
  subject: "subject",
  signer: "signer",
  counterpart: "counterpart",
  internalRecipient: "internal_recipient",
  copies: "copies",
  pages: "pages",
  notes: "notes",
} as const satisfies Record<(typeof CORRECTABLE_FIELDS)[number], keyof CorrectableColumns>;

/**
 * Corrects (đính chính) an entry's subject, signer, counterpart, internal recipient, copies, pages
 * or notes. Number, symbol, date and type never change: they identify the document. The values
 * replaced are kept in the entry's correction history with the reason, and the correction is
 * audited, both in the transaction that changes the entry.
 */
export async function correctEntry(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  entryId: string;
  input: EntryCorrectionInput;
  requestMeta?: RequestMeta;
}): Promise<RegisterEntry> {
  const actor = requireActor(options.actor);
  const { input } = options;
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError("validation_failed", {
      detail: { vi: "Cần ghi lý do đính chính.", en: "A correction needs a reason." },
    });
  return inTransaction(options.db, async (trx) => {
    const register = await getRegister(trx, actor, options.registerId);
    requireManager(actor, register.organizationId);
    if (register.status !== "open") throw closedRegister();
    const entry = isUuid(options.entryId)
      ? await selectEntry(trx, register.id, options.entryId, { forUpdate: true })
      : undefined;
    if (!entry) throw new AppError("not_found");
    const previous: Record<string, unknown> = {};
    const current: Record<string, unknown> = {};
    const columns: CorrectableColumns = {};
    for (const field of CORRECTABLE_FIELDS) {
      if (input[field] === undefined) continue;
      const raw = input[field];
      const value = typeof raw === "string" ? raw.trim() || null : raw;
      if (field === "subject" && !value)
        throw new AppError("validation_failed", {
          detail: { vi: "Trích yếu không được để trống.", en: "The subject cannot be empty." },
        });
      if (value === entry[field]) continue;
      previous[field] = entry[field];
      current[field] = value;
      Object.assign(columns, { [COLUMN_OF[field]]: value });
    }
    if (Object.keys(current).length === 0)
      throw new AppError("unprocessable", {
        detail: {
          vi: "Nội dung đính chính trùng với nội dung đang có.",
          en: "The correction changes nothing.",
        },
      });
    const correctedAt = new Date();
    const revision = entry.revision + 1;
    const merged = { ...entry, ...current } as RegisterEntry;
    const corrected = await updateEntry(trx, entry.id, {
      ...columns,
      search_text: searchTextOf(merged),
      revision,
      corrected_at: correctedAt,
    });
    await insertCorrection(trx, {
      id: newId(),
      entry_id: entry.id,
      register_id: register.id,
      revision,
      previous,
      current,
      reason,
      corrected_by_id: actor.kind === "user" ? actor.userId : null,
      corrected_by: actorLabel(actor),
      correctedAt,
    });
    await recordAudit(trx, {
      action: "documents.entry_corrected",
      actor,
      organizationId: register.organizationId,
      targetType: "document_register_entry",
      targetId: entry.id,
      ...options.requestMeta,
      details: {
        registerId: register.id,
        number: entry.number,
        symbol: entry.symbol,
        revision,
        fields: Object.keys(current),
      },
    });
    return corrected;
  });
}
