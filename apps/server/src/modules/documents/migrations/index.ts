import type { Migration } from "../../../core/db/migrate.ts";
import { createRegisters } from "./20261129-1200-registers.ts";
import { addRegisterCorrections } from "./20261129-1300-register-corrections.ts";
import { createDocuments } from "./20261129-1400-documents.ts";
import { createIncoming } from "./20261129-1500-incoming.ts";
import { addOutboundDelivery } from "./20261129-1600-delivery.ts";
import { createReminders } from "./20261129-1700-reminders.ts";
import { createDocumentSearch } from "./20261129-1800-search.ts";
import { createAmendments } from "./20261129-1900-amendments.ts";
import { createSigningSessions } from "./20261129-2000-signing-sessions.ts";
import { allowResendAfterRejection } from "./20261129-2100-resend-after-rejection.ts";

export const documentsMigrations: readonly Migration[] = [
  createRegisters,
  addRegisterCorrections,
  createDocuments,
  createIncoming,
  addOutboundDelivery,
  createReminders,
  createDocumentSearch,
  createAmendments,
  createSigningSessions,
  allowResendAfterRejection,
];
