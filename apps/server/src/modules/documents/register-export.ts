import type { Actor } from "../../core/actor.ts";
import { requireActor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { getOrganization } from "../directory/index.ts";
import { readEntries } from "./register-entries.ts";
import {
  exportFileName,
  formTitle,
  registerColumns,
  type RegisterColumn,
} from "./register-export-columns.ts";
import type { EntryFilterInput, Register, RegisterEntry } from "./register-schema.ts";

export type ExportFormat = "csv" | "xlsx" | "pdf";

/** What every export format renders: the form's heading, its columns and the entries. */
export type RegisterExport = {
  register: Register;
  organizationName: string;
  title: string;
  columns: readonly RegisterColumn[];
  entries: AsyncIterable<RegisterEntry>;
  fileName: string;
};

/**
 * Opens an export of a register for a reader of it, and records it in the audit log: a register
 * printed or downloaded leaves the platform, and a secret register's list is itself sensitive.
 */
export async function openRegisterExport(options: {
  db: Db;
  actor: Actor | null;
  registerId: string;
  filter: EntryFilterInput;
  format: ExportFormat;
  requestMeta?: RequestMeta;
}): Promise<RegisterExport> {
  const actor = requireActor(options.actor);
  const { register, entries } = await readEntries(options);
  const organization = await getOrganization({ db: options.db, id: register.organizationId });
  await recordAudit(options.db, {
    action: "documents.register_exported",
    actor,
    organizationId: register.organizationId,
    targetType: "document_register",
    targetId: register.id,
    ...options.requestMeta,
    details: { format: options.format, filter: options.filter },
  });
  return {
    register,
    organizationName: organization?.name ?? "",
    title: formTitle(register),
    columns: registerColumns(register),
    entries,
    fileName: exportFileName(register, options.format),
  };
}

/** Every entry of an export, for the formats laid out as a whole (XLSX, PDF). */
export async function collectEntries(exported: RegisterExport): Promise<RegisterEntry[]> {
  const all: RegisterEntry[] = [];
  for await (const entry of exported.entries) all.push(entry);
  return all;
}

/** "Từ số 1 đến số 42", or a sentence saying the register is empty. */
export function numberRange(entries: readonly RegisterEntry[]): string {
  if (entries.length === 0) return "Chưa có văn bản nào được đăng ký.";
  return `Từ số ${entries[0]!.number} đến số ${entries[entries.length - 1]!.number}`;
}
