import type { App } from "../../core/http/app-type.ts";
import type { ModuleContext, ModuleManifest } from "../../core/module.ts";
import { authRoutes } from "./auth-routes.ts";
import { authenticateRequest } from "./authenticate.ts";
import { seedIdentityDemo } from "./demo-seed.ts";
import { secondFactorRoutes } from "./mfa/routes.ts";
import { secondFactorHooks } from "./mfa/sign-in-hooks.ts";
import { identityMigrations } from "./migrations/index.ts";
import { onboardingJobs, onboardingRoutes } from "./onboarding/index.ts";
import { clientRoutes } from "./oidc/client-routes.ts";
import { oidcJobs, oidcRootRoutes } from "./oidc/index.ts";
import { selfServiceRoutes } from "./self-service-routes.ts";
import { userRoutes } from "./user-routes.ts";

/**
 * Accounts, roles, password sign-in, sessions with CSRF protection and personal API tokens.
 * Other modules learn who is calling from `request.actor`, which this module resolves.
 */
export const identityModule: ModuleManifest = {
  id: "identity",
  title: { vi: "Tài khoản", en: "Accounts" },
  migrations: identityMigrations,
  routes(app: App, ctx: ModuleContext) {
    authRoutes(app, ctx);
    userRoutes(app, ctx);
    onboardingRoutes(app, ctx);
    secondFactorRoutes(app, ctx);
    clientRoutes(app, ctx);
    selfServiceRoutes(app, ctx);
  },
  rootRoutes: (app: App, ctx: ModuleContext) => oidcRootRoutes(app, ctx, secondFactorHooks),
  jobs: [...oidcJobs, ...onboardingJobs],
  authenticate: authenticateRequest,
  seedDemo: seedIdentityDemo,
};

export { demoAdminSignIn } from "./demo-seed.ts";
export { authenticatePassword } from "./sign-in.ts";
export { getUser, type User } from "./users.ts";
export { selectActiveStaff } from "./repo.ts";
export {
  createPlatformAssertionVerifier,
  createResourceTokenVerifier,
  gatewayResource,
  signPlatformAssertion,
  type ResourceCaller,
  type ResourceTokenRefusal,
} from "./oidc/resource-tokens.ts";
