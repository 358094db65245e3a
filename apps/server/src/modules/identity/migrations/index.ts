import type { Migration } from "../../../core/db/migrate.ts";
import { createAccounts } from "./20261127-1930-create-accounts.ts";
import { createOidcProvider } from "./20261128-0000-oidc-provider.ts";
import { secondFactor } from "./20261128-0100-second-factor.ts";
import { createPasswordLinks } from "./20261128-0200-onboarding.ts";
import { createPasskeys } from "./20261128-0300-passkeys.ts";

export const identityMigrations: readonly Migration[] = [
  createAccounts,
  createOidcProvider,
  secondFactor,
  createPasswordLinks,
  createPasskeys,
];
