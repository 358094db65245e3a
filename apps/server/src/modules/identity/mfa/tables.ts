import type { ColumnType, Generated, Selectable } from "kysely";
import type { IdentityTables } from "../tables.ts";

type TotpCredentialTable = {
  id: string;
  user_id: string;
  /** `secretBox(config).seal(base32Secret, userId)`; the clear secret is never stored. */
  secret_sealed: string;
  /** Null while the enrolment waits for the first correct code. */
  confirmed_at: Date | null;
  /** Highest time step accepted so far; a code of this step or an earlier one is a replay. */
  last_used_step: number | null;
  created_at: Generated<Date>;
};

type RecoveryCodeTable = {
  id: string;
  user_id: string;
  /** SHA-256 of `<userId>:<normalized code>`, hex. */
  code_hash: string;
  used_at: Date | null;
  created_at: Generated<Date>;
};

type SecondFactorPolicyTable = {
  organization_id: string;
  required: boolean;
  set_by_id: string | null;
  set_by_name: string;
  set_at: Generated<Date>;
};

type PasskeyTable = {
  id: string;
  user_id: string;
  /** The credential id the authenticator chose, base64url; unique across every account. */
  credential_id: string;
  /** The COSE public key, base64url. Public by nature, so kept in clear. */
  public_key: string;
  /** WebAuthn signature counter (uint32); bigint, so the driver may hand back a string. */
  sign_count: ColumnType<string | number, number, number>;
  transports: ColumnType<string[], string, string>;
  name: string;
  aaguid: string | null;
  /** Whether the authenticator says the key is synced (a passkey) rather than bound to one device. */
  backed_up: boolean;
  created_at: Generated<Date>;
  last_used_at: Date | null;
};

type WebauthnChallengeTable = {
  challenge: string;
  user_id: string;
  purpose: "registration" | "authentication";
  /** `interaction:<uid>` during sign-in, `session:<id>` on the account page. */
  bound_to: string;
  expires_at: Date;
  created_at: Generated<Date>;
};

/** The columns the second-factor migration adds to `idn_users`. */
type UserSecondFactorColumns = {
  second_factor_failed_attempts: Generated<number>;
};

export type SecondFactorTables = {
  idn_users: IdentityTables["idn_users"] & UserSecondFactorColumns;
  idn_totp_credentials: TotpCredentialTable;
  idn_recovery_codes: RecoveryCodeTable;
  idn_second_factor_policies: SecondFactorPolicyTable;
  idn_passkeys: PasskeyTable;
  idn_webauthn_challenges: WebauthnChallengeTable;
};

export type TotpCredentialRow = Selectable<TotpCredentialTable>;
export type SecondFactorPolicyRow = Selectable<SecondFactorPolicyTable>;
export type PasskeyRow = Selectable<PasskeyTable>;
export type ChallengePurpose = WebauthnChallengeTable["purpose"];
