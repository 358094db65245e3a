import type { MigrationSource } from "../core/db/migrate.ts";
import { coreMigrations } from "../core/migrations/index.ts";
import type { ModuleManifest } from "../core/module.ts";
import { auditModule } from "./audit/index.ts";
import { directoryModule } from "./directory/index.ts";
import { documentsModule } from "./documents/index.ts";
import { exchangeModule } from "./exchange/index.ts";
import { identityModule } from "./identity/index.ts";
import { reportsModule } from "./reports/index.ts";
import { trustModule } from "./trust/index.ts";

/** Installed modules, ground floor first: migrations and seeds run in this order. */
export const modules: readonly ModuleManifest[] = [
  directoryModule,
  identityModule,
  auditModule,
  trustModule,
  exchangeModule,
  documentsModule,
  reportsModule,
];

/** Core's own tables first, then each module's. */
export function migrationSources(list: readonly ModuleManifest[] = modules): MigrationSource[] {
  return [
    { module: "core", migrations: coreMigrations },
    ...list.map((m) => ({ module: m.id, migrations: m.migrations })),
  ];
}
