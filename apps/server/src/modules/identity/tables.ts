import type { Generated, Selectable } from "kysely";
import type { Role } from "../../core/actor.ts";

type UserTable = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  organization_id: string;
  roles: Role[];
  password_hash: string;
  status: Generated<"active" | "disabled">;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  search_text: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

type SessionTable = {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  /** The OpenID Connect provider's session id when the session was opened by an SSO sign-in. */
  oidc_sid: string | null;
};

type ApiTokenTable = {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

export type IdentityTables = {
  idn_users: UserTable;
  idn_sessions: SessionTable;
  idn_api_tokens: ApiTokenTable;
};

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
