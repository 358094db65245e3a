import type { Migration } from "../../../core/db/migrate.ts";
import { createAccounts } from "./20261127-1930-create-accounts.ts";
import { secondFactor } from "./20261128-0100-second-factor.ts";

export const identityMigrations: readonly Migration[] = [createAccounts, secondFactor];
