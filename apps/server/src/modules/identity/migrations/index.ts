import type { Migration } from "../../../core/db/migrate.ts";
import { createAccounts } from "./20261127-1930-create-accounts.ts";

export const identityMigrations: readonly Migration[] = [createAccounts];
