import { apiRequest } from "./client.ts";
import { signWithPasskey } from "./passkey.ts";
import type {
  AuthenticationResponseJSON,
  CreationOptions,
  RegistrationResponseJSON,
  RequestOptions,
} from "./passkey.ts";
import type {
  AccountSession,
  GrantedApplication,
  Me,
  Passkey,
  SecondFactorStatus,
  TotpEnrolment,
} from "./types.ts";

/** Proof of a current second factor: a code (or recovery code), or a passkey's assertion. */
export type CurrentFactor = { code?: string; passkey?: AuthenticationResponseJSON };

/** The signed-in person's own account: profile, password, second factor, sessions, applications. */
const BASE = "/api/v1/identity/me";
const id = (value: string) => encodeURIComponent(value);

/** `email: null` removes the address. */
export const updateProfile = (body: { displayName?: string; email?: string | null }) =>
  apiRequest<Me>(BASE, { method: "PATCH", body });

export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  apiRequest<void>(`${BASE}/password`, { method: "POST", body });

export const fetchSecondFactor = () => apiRequest<SecondFactorStatus>(`${BASE}/second-factor`);

export const startTotp = () =>
  apiRequest<TotpEnrolment>(`${BASE}/second-factor/totp`, { method: "POST" });

/** `currentCode` or `currentPasskey` only when the account already has a second factor. */
export const confirmTotp = (body: {
  code: string;
  currentCode?: string;
  currentPasskey?: AuthenticationResponseJSON;
}) =>
  apiRequest<{ recoveryCodes: string[] }>(`${BASE}/second-factor/totp/confirm`, {
    method: "POST",
    body,
  });

export const regenerateRecoveryCodes = (proof: CurrentFactor) =>
  apiRequest<{ recoveryCodes: string[] }>(`${BASE}/second-factor/recovery-codes`, {
    method: "POST",
    body: proof,
  });

export const removeTotp = (proof: CurrentFactor) =>
  apiRequest<void>(`${BASE}/second-factor/totp`, { method: "DELETE", body: proof });

const PASSKEYS = `${BASE}/second-factor/passkeys`;

export const listPasskeys = () => apiRequest<{ items: Passkey[]; available: boolean }>(PASSKEYS);

export const passkeyRegistrationOptions = () =>
  apiRequest<CreationOptions>(`${PASSKEYS}/registration-options`, { method: "POST" });

/** A challenge to sign with an existing passkey, as proof before a change. */
export const passkeyProofOptions = () =>
  apiRequest<RequestOptions>(`${PASSKEYS}/assertion-options`, { method: "POST" });

export const registerPasskey = (
  body: { name: string; response: RegistrationResponseJSON } & CurrentFactor,
) => apiRequest<{ passkey: Passkey; recoveryCodes?: string[] }>(PASSKEYS, { method: "POST", body });

export const renamePasskey = (passkeyId: string, name: string) =>
  apiRequest<Passkey>(`${PASSKEYS}/${id(passkeyId)}`, { method: "PATCH", body: { name } });

export const removePasskey = (passkeyId: string, proof: CurrentFactor) =>
  apiRequest<void>(`${PASSKEYS}/${id(passkeyId)}`, { method: "DELETE", body: proof });

export const listSessions = () => apiRequest<{ items: AccountSession[] }>(`${BASE}/sessions`);

export const endSession = (sessionId: string) =>
  apiRequest<void>(`${BASE}/sessions/${id(sessionId)}`, { method: "DELETE" });

export const signOutEverywhere = () =>
  apiRequest<{ redirectTo: string }>(`${BASE}/sign-out-everywhere`, { method: "POST" });

export const listApplications = () =>
  apiRequest<{ items: GrantedApplication[] }>(`${BASE}/applications`);

export const revokeApplication = (clientId: string) =>
  apiRequest<void>(`${BASE}/applications/${id(clientId)}`, { method: "DELETE" });

/** Signs a fresh challenge with one of the account's passkeys: proof for a change. */
export async function passkeyProof(failedTitle: string): Promise<CurrentFactor> {
  const options = await passkeyProofOptions();
  return { passkey: await signWithPasskey(options, failedTitle) };
}
