import type { Me, ModuleInfo } from "../api/types.ts";
import { canReadAudit, hasRole, isAdministrator } from "../auth/session.ts";
import type { MessageKey } from "../i18n/index.tsx";

export type NavLink = { path: string; label: MessageKey };

/**
 * The pages each installed module contributes to the menu. A module the server does not list is
 * not installed, so its pages are absent; modules without pages yet contribute nothing.
 */
const modulePages: Record<string, (me: Me) => NavLink[]> = {
  directory: () => [
    { path: "/directory/organizations", label: "nav.organizations" },
    { path: "/directory/organizations/tree", label: "nav.organizationTree" },
    { path: "/directory/systems", label: "nav.systems" },
    { path: "/directory/admin-units", label: "nav.adminUnits" },
  ],
  identity: (me) =>
    isAdministrator(me)
      ? [
          { path: "/identity/users", label: "nav.users" },
          { path: "/identity/clients", label: "nav.clients" },
        ]
      : [],
  exchange: (me) => [
    { path: "/exchange/services", label: "nav.lgspCatalogue" },
    ...(isAdministrator(me)
      ? [
          { path: "/exchange/services/new", label: "nav.lgspRegister" as const },
          { path: "/exchange/access-requests", label: "nav.lgspInbox" as const },
          { path: "/exchange/access-rights", label: "nav.lgspRights" as const },
        ]
      : []),
    { path: "/exchange/exchanges", label: "nav.lgspExchanges" },
    { path: "/exchange/health", label: "nav.lgspHealth" },
    ...(isAdministrator(me)
      ? [{ path: "/exchange/dead-letters", label: "nav.lgspDeadLetters" as const }]
      : []),
    ...(hasRole(me, "system_admin")
      ? [{ path: "/exchange/federation", label: "nav.lgspFederation" as const }]
      : []),
  ],
  documents: (me) =>
    hasRole(me, "clerk", "leader", "specialist", "org_admin")
      ? [
          { path: "/documents/incoming", label: "nav.documentsIncoming" },
          { path: "/documents/outgoing", label: "nav.documentsOutgoing" },
          { path: "/documents/search", label: "nav.documentsSearch" },
          { path: "/documents/new", label: "nav.documentsNew" },
          { path: "/documents/registers", label: "nav.documentsRegisters" },
          { path: "/documents/tasks", label: "nav.documentsTasks" },
        ]
      : [],
  reports: (me) => [
    ...(hasRole(me, "reporting_officer", "org_admin", "system_admin")
      ? [{ path: "/reports/mine", label: "nav.reportsMine" as const }]
      : []),
    ...(hasRole(me, "leader", "reporting_officer", "org_admin", "system_admin")
      ? [
          { path: "/reports/inbox", label: "nav.reportsInbox" as const },
          { path: "/reports/completeness", label: "nav.reportsCompleteness" as const },
          { path: "/reports/aggregate", label: "nav.reportsAggregate" as const },
        ]
      : []),
    ...(hasRole(me, "leader", "org_admin", "system_admin")
      ? [{ path: "/reports/regimes", label: "nav.reportsRegimes" as const }]
      : []),
  ],
  audit: (me) => (canReadAudit(me) ? [{ path: "/audit", label: "nav.auditEvents" }] : []),
};

export type NavGroup = { module: ModuleInfo; links: NavLink[] };

export function buildNavigation(modules: ModuleInfo[], me: Me): NavGroup[] {
  return modules
    .map((module) => ({ module, links: modulePages[module.id]?.(me) ?? [] }))
    .filter((group) => group.links.length > 0);
}

/** The menu entry for a path: the longest link that is a prefix of it. */
export function activeLink(groups: NavGroup[], pathname: string): string | undefined {
  const paths = groups.flatMap((g) => g.links.map((l) => l.path));
  return paths
    .filter((p) => pathname === p || pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
}
