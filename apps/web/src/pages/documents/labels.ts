import { DOCUMENT_TYPES } from "../../api/documents.ts";
import type { MessageKey, Translate } from "../../i18n/index.tsx";

/** `documentStatus.draft` etc.: typed keys from an enum value of the documents API. */
export const key = (prefix: string, value: string) => `${prefix}.${value}` as MessageKey;

export const statusColors: Record<string, string> = {
  draft: "default",
  in_review: "blue",
  returned: "orange",
  signed: "cyan",
  numbered: "geekblue",
  sealed: "purple",
  issued: "green",
  arrived: "blue",
  rejected: "red",
  accepted: "cyan",
  assigned: "geekblue",
  in_progress: "purple",
  done: "green",
};

export const urgencyColors: Record<string, string> = {
  khan: "orange",
  thuong_khan: "volcano",
  hoa_toc: "red",
  hoa_toc_hen_gio: "magenta",
};

export const indicationColors = {
  TOTAL_PASSED: "success",
  INDETERMINATE: "warning",
  TOTAL_FAILED: "error",
} as const;

export const deliveryColors = { pending: "blue", sent: "green", failed: "red", refused: "red" };

/** Timeline actions the catalogs name; any other shows as the server wrote it. */
export const EVENT_ACTIONS = [
  "drafted",
  "draft_uploaded",
  "submitted",
  "returned",
  "signed",
  "numbered",
  "sealed",
  "issued",
  "received",
  "recipient_status",
  "accepted",
  "rejected",
  "assigned",
  "reassigned",
  "handling_started",
  "commented",
  "linked",
  "completed",
] as const;

/** The edXML statuses a recipient reports back (QCVN 102:2016, 01 to 06). */
export const RECIPIENT_STATUS_CODES = ["01", "02", "03", "04", "05", "06"] as const;

const knownTypes = new Set<string>(DOCUMENT_TYPES);

/** The document type's name; a type another system sent that we do not know, as its code. */
export const typeLabel = (code: string, t: Translate) =>
  knownTypes.has(code) ? t(key("documentType", code)) : code;
