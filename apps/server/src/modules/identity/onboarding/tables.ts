import type { Generated, Selectable } from "kysely";
import type { IdentityTables } from "../tables.ts";

type PasswordLinkTable = {
  id: string;
  user_id: string;
  token_hash: string;
  /** Who issued it, as the audit trail names actors (`username` or `system:<name>`). */
  issued_by: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
  /** Set when a newer link for the same account replaced this one. */
  superseded_at: Date | null;
};

export type OnboardingTables = IdentityTables & { idn_password_links: PasswordLinkTable };

export type PasswordLinkRow = Selectable<PasswordLinkTable>;
