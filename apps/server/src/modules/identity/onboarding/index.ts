import type { OneOffJob } from "../../../core/module.ts";
import { passwordLinkMailJob } from "./link-mail.ts";

/**
 * Accounts for staff of other agencies: invitations, one-time set-password links and bulk import.
 * The identity manifest registers these routes and jobs.
 */
export { onboardingRoutes } from "./routes.ts";

export const onboardingJobs: readonly OneOffJob[] = [passwordLinkMailJob];
