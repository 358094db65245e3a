import type { Generated, Selectable } from "kysely";
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

/** The columns the second-factor migration adds to `idn_users`. */
type UserSecondFactorColumns = {
  second_factor_failed_attempts: Generated<number>;
};

export type SecondFactorTables = {
  idn_users: IdentityTables["idn_users"] & UserSecondFactorColumns;
  idn_totp_credentials: TotpCredentialTable;
  idn_recovery_codes: RecoveryCodeTable;
  idn_second_factor_policies: SecondFactorPolicyTable;
};

export type TotpCredentialRow = Selectable<TotpCredentialTable>;
export type SecondFactorPolicyRow = Selectable<SecondFactorPolicyTable>;
