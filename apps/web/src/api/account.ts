import { apiRequest } from "./client.ts";
import type {
  AccountSession,
  GrantedApplication,
  Me,
  SecondFactorStatus,
  TotpEnrolment,
} from "./types.ts";

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

/** `currentCode` only when replacing an app: a code from the old one, or a recovery code. */
export const confirmTotp = (body: { code: string; currentCode?: string }) =>
  apiRequest<{ recoveryCodes: string[] }>(`${BASE}/second-factor/totp/confirm`, {
    method: "POST",
    body,
  });

export const regenerateRecoveryCodes = (code: string) =>
  apiRequest<{ recoveryCodes: string[] }>(`${BASE}/second-factor/recovery-codes`, {
    method: "POST",
    body: { code },
  });

export const removeTotp = (code: string) =>
  apiRequest<void>(`${BASE}/second-factor/totp`, { method: "DELETE", body: { code } });

export const listSessions = () => apiRequest<{ items: AccountSession[] }>(`${BASE}/sessions`);

export const endSession = (sessionId: string) =>
  apiRequest<void>(`${BASE}/sessions/${id(sessionId)}`, { method: "DELETE" });

export const signOutEverywhere = () =>
  apiRequest<{ redirectTo: string }>(`${BASE}/sign-out-everywhere`, { method: "POST" });

export const listApplications = () =>
  apiRequest<{ items: GrantedApplication[] }>(`${BASE}/applications`);

export const revokeApplication = (clientId: string) =>
  apiRequest<void>(`${BASE}/applications/${id(clientId)}`, { method: "DELETE" });
