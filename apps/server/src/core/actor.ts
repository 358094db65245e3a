import { AppError } from "./errors.ts";

/** Roles a person holds within their organization's scope. */
export const ROLES = [
  "system_admin",
  "org_admin",
  "clerk",
  "leader",
  "specialist",
  "reporting_officer",
  "security_operator",
] as const;

export type Role = (typeof ROLES)[number];

/** Who is making a request, resolved once per request by the identity module. */
export type Actor =
  | {
      kind: "user";
      userId: string;
      username: string;
      displayName: string;
      organizationId: string;
      roles: Role[];
      /** How the caller proved who they are. */
      via: "session" | "token";
      sessionId?: string;
    }
  | {
      /** The platform itself or an operator at the server's console (CLI through the control socket). */
      kind: "system";
      name: string;
    };

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new AppError("unauthenticated");
  return actor;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  if (actor.kind === "system") return true;
  return actor.roles.includes("system_admin") || roles.some((role) => actor.roles.includes(role));
}

/** Throws `forbidden` unless the actor holds one of `roles` (system administrators hold all). */
export function requireRole(actor: Actor | null | undefined, ...roles: Role[]): Actor {
  const known = requireActor(actor);
  if (!hasRole(known, ...roles)) throw new AppError("forbidden");
  return known;
}

export function actorLabel(actor: Actor | null | undefined): string {
  if (!actor) return "anonymous";
  return actor.kind === "user" ? actor.username : `system:${actor.name}`;
}
