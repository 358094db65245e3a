import { apiRequest, type QueryValue } from "./client.ts";
import type { Page, Role, RoleInfo, Session, User } from "./types.ts";

const BASE = "/api/v1/identity";

/** Ends the web session; `redirectTo` is the provider's sign-out, which ends the SSO session too. */
export const signOut = () =>
  apiRequest<{ redirectTo: string }>(`${BASE}/logout`, { method: "POST" });

export const fetchSession = () => apiRequest<Session>(`${BASE}/me`);

export const listRoles = () => apiRequest<{ items: RoleInfo[] }>(`${BASE}/roles`);

export const listUsers = (query: Record<string, QueryValue>) =>
  apiRequest<Page<User>>(`${BASE}/users`, { query });

export type CreateUserInput = {
  username: string;
  displayName: string;
  email?: string;
  organizationId: string;
  roles: Role[];
  password: string;
};

export const createUser = (body: CreateUserInput) =>
  apiRequest<User>(`${BASE}/users`, { method: "POST", body });

export type UpdateUserInput = {
  displayName?: string;
  email?: string;
  roles?: Role[];
  status?: User["status"];
};

export const updateUser = (id: string, body: UpdateUserInput) =>
  apiRequest<User>(`${BASE}/users/${encodeURIComponent(id)}`, { method: "PATCH", body });

export const setUserPassword = (id: string, password: string) =>
  apiRequest<void>(`${BASE}/users/${encodeURIComponent(id)}/password`, {
    method: "POST",
    body: { password },
  });

export const unlockUser = (id: string) =>
  apiRequest<void>(`${BASE}/users/${encodeURIComponent(id)}/unlock`, { method: "POST" });
