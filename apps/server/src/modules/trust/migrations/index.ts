import type { Migration } from "../../../core/db/migrate.ts";
import { createDemoCa } from "./20261128-0500-demo-ca.ts";

export const trustMigrations: readonly Migration[] = [createDemoCa];
