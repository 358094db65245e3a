import { apiRequest, withQuery, type QueryValue } from "./client.ts";
import type { Confidentiality, DocumentSummary, Urgency } from "./documents.ts";
import type { Page } from "./types.ts";

/** Registers (sổ văn bản), their entries and exports; deadlines and "my tasks". */
const BASE = "/api/v1/documents";
const id = (value: string) => encodeURIComponent(value);

export const EXPORT_FORMATS = ["csv", "xlsx", "pdf"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type Register = {
  id: string;
  organizationId: string;
  direction: "outgoing" | "incoming";
  year: number;
  kind: "ordinary" | "secret";
  name: string;
  status: "open" | "closed";
  lastNumber: number;
  createdAt: string;
  closedAt: string | null;
};

export type RegisterEntry = {
  id: string;
  registerId: string;
  number: number;
  symbol: string;
  documentDate: string;
  receivedOn: string | null;
  typeCode: string;
  subject: string;
  signer: string | null;
  counterpart: string | null;
  internalRecipient: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  copies: number | null;
  pages: number | null;
  notes: string | null;
  revision: number;
  createdAt: string;
  correctedAt: string | null;
};

export type RegisterInput = {
  direction: Register["direction"];
  year: number;
  kind: Register["kind"];
  name?: string;
};

export type EntryFilter = { q?: string; from?: string; to?: string; typeCode?: string };

export const listRegisters = (query: Record<string, QueryValue>) =>
  apiRequest<{ items: Register[] }>(`${BASE}/registers`, { query });

export const createRegister = (body: RegisterInput) =>
  apiRequest<Register>(`${BASE}/registers`, { method: "POST", body });

export const setRegisterOpen = (registerId: string, open: boolean) =>
  apiRequest<Register>(`${BASE}/registers/${id(registerId)}/${open ? "reopen" : "close"}`, {
    method: "POST",
  });

export const listEntries = (registerId: string, query: Record<string, QueryValue>) =>
  apiRequest<Page<RegisterEntry>>(`${BASE}/registers/${id(registerId)}/entries`, { query });

/** The export's address: the browser downloads it with the session cookie. */
export const exportUrl = (registerId: string, format: ExportFormat, filter: EntryFilter) =>
  withQuery(`${BASE}/registers/${id(registerId)}/export.${format}`, filter);

export type DeadlineState = "overdue" | "due_soon" | "later" | "none";

export type Task = DocumentSummary & {
  deadline: { state: DeadlineState; daysLeft: number | null };
  handling: {
    mainUser: { id: string; name: string } | null;
    mainUnit: { id: string; name: string } | null;
    coHandlers: { id: string; name: string }[];
  } | null;
};

export const TASK_FILTERS = ["all_open", "due_soon", "overdue"] as const;

export const listMyTasks = (query: Record<string, QueryValue>) =>
  apiRequest<Page<Task>>(`${BASE}/tasks`, { query });
