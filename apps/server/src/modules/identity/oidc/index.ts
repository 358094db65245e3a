import type { App } from "../../../core/http/app-type.ts";
import type { ModuleContext, RecurringJob } from "../../../core/module.ts";
import { purgeExpiredOidcPayloads } from "./adapter.ts";
import { bffRoutes } from "./bff.ts";
import { interactionRoutes, type SecondFactorHooks } from "./interactions.ts";
import { rotateSigningKeys } from "./keys.ts";
import { ensurePlatformClient } from "./platform-client.ts";
import { createOidcRuntime, mountOidc, oidcRuntimeOf } from "./runtime.ts";

/** The OpenID Connect provider at `/oidc`, its interaction endpoints and the web app's sign-in. */
export async function oidcRootRoutes(
  app: App,
  ctx: ModuleContext,
  secondFactor: SecondFactorHooks,
) {
  await ensurePlatformClient(ctx.db, ctx.config);
  const runtime = await createOidcRuntime(ctx);
  await mountOidc(app, ctx, runtime);
  interactionRoutes(app, ctx, runtime, secondFactor);
  bffRoutes(app, ctx, runtime);
}

export const oidcJobs: RecurringJob[] = [
  {
    name: "identity.rotate_signing_keys",
    everySeconds: 3600,
    async run(ctx) {
      const changed = await rotateSigningKeys(ctx.db, ctx.config);
      if (changed.created.length || changed.deleted.length) {
        ctx.log.info(changed, "signing keys rotated");
        await oidcRuntimeOf(ctx)
          .refresh()
          .catch(() => undefined);
      }
    },
  },
  {
    name: "identity.purge_expired_oidc",
    everySeconds: 3600,
    async run(ctx) {
      const purged = await purgeExpiredOidcPayloads(ctx.db);
      if (purged) ctx.log.info({ purged }, "expired OIDC sessions, codes and tokens removed");
    },
  },
];
