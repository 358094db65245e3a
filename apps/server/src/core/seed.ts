import { sql } from "kysely";
import type { ModuleContext, ModuleManifest } from "./module.ts";

export type SeedOptions = {
  ctx: ModuleContext;
  modules: readonly ModuleManifest[];
  demo: boolean;
  /** Run seeds even if they ran before (each seed is idempotent). */
  force?: boolean;
};

/**
 * Loads reference data (always) and demo data (when asked), each seed once unless forced.
 * Every seed is idempotent, so a forced re-run or a crash half-way through is harmless.
 */
export async function runSeeds({
  ctx,
  modules,
  demo,
  force = false,
}: SeedOptions): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from core_seeds`.execute(ctx.db);
  const done = new Set(rows.map((r) => r.name));
  const ran: string[] = [];
  const steps = modules.flatMap((m) => [
    ...(m.seedReference ? [{ name: `${m.id}/reference`, run: m.seedReference }] : []),
    ...(demo && m.seedDemo ? [{ name: `${m.id}/demo`, run: m.seedDemo }] : []),
  ]);
  for (const step of steps) {
    if (done.has(step.name) && !force) continue;
    await step.run({ ...ctx, log: ctx.log.child({ seed: step.name }) });
    await sql`insert into core_seeds (name) values (${step.name}) on conflict (name) do update set applied_at = now()`.execute(
      ctx.db,
    );
    ran.push(step.name);
  }
  return ran;
}
