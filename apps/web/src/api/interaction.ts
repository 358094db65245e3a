import { apiRequest } from "./client.ts";
import type {
  AuthenticationResponseJSON,
  CreationOptions,
  RegistrationResponseJSON,
  RequestOptions,
} from "./passkey.ts";
import type { InteractionDetails, InteractionStep, TotpEnrolment } from "./types.ts";

/**
 * The provider's sign-in steps at `/interaction/:uid`. Same-origin JSON calls; the provider's
 * interaction cookie (scoped to this path) says which sign-in they belong to, so no CSRF token.
 */
const at = (uid: string, step = "") => `/interaction/${encodeURIComponent(uid)}${step}`;

/** Either the next step to show, or where to send the browser back to the provider. */
export type StepResult = { next?: InteractionStep; redirectTo?: string };

export const fetchInteraction = (uid: string) =>
  apiRequest<InteractionDetails>(at(uid, "/details"));

export const submitPassword = (uid: string, body: { username: string; password: string }) =>
  apiRequest<StepResult>(at(uid, "/login"), { method: "POST", body });

export const submitSecondFactor = (uid: string, code: string) =>
  apiRequest<{ redirectTo: string }>(at(uid, "/second-factor"), {
    method: "POST",
    body: { code },
  });

export const passkeySignInOptions = (uid: string) =>
  apiRequest<RequestOptions>(at(uid, "/passkey/options"), { method: "POST" });

export const submitPasskey = (uid: string, response: AuthenticationResponseJSON) =>
  apiRequest<{ redirectTo: string }>(at(uid, "/passkey"), { method: "POST", body: { response } });

export const passkeyEnrolmentOptions = (uid: string) =>
  apiRequest<CreationOptions>(at(uid, "/enrolment/passkey/options"), { method: "POST" });

export const enrolPasskey = (
  uid: string,
  body: { name: string; response: RegistrationResponseJSON },
) =>
  apiRequest<{ recoveryCodes: string[]; redirectTo: string }>(at(uid, "/enrolment/passkey"), {
    method: "POST",
    body,
  });

export const startSignInEnrolment = (uid: string) =>
  apiRequest<TotpEnrolment>(at(uid, "/enrolment"), { method: "POST" });

export const confirmSignInEnrolment = (uid: string, code: string) =>
  apiRequest<{ recoveryCodes: string[]; redirectTo: string }>(at(uid, "/enrolment/confirm"), {
    method: "POST",
    body: { code },
  });

export const giveConsent = (uid: string) =>
  apiRequest<{ redirectTo: string }>(at(uid, "/consent"), { method: "POST", body: {} });

export const abortInteraction = (uid: string) =>
  apiRequest<{ redirectTo: string }>(at(uid, "/abort"), { method: "POST" });
