import { useQuery } from "@tanstack/react-query";
import { ApiError, setCsrfToken } from "../api/client.ts";
import { fetchSession } from "../api/identity.ts";
import type { Me, Role, Session } from "../api/types.ts";

export const SESSION_KEY = ["session"] as const;

/** Remembers the CSRF token of a fresh session so later unsafe calls carry it. */
export function adoptSession(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

/** The signed-in session, or `null` when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        return adoptSession(await fetchSession());
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function hasRole(me: Me, ...roles: Role[]): boolean {
  return me.roles.some((role) => roles.includes(role));
}

/** System administrators and organization administrators manage the directory and accounts. */
export const isAdministrator = (me: Me) => hasRole(me, "system_admin", "org_admin");

/** The audit trail is open to administrators and security operators (server checks the scope). */
export const canReadAudit = (me: Me) =>
  hasRole(me, "system_admin", "org_admin", "security_operator");
