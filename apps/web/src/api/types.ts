export type Role =
  | "system_admin"
  | "org_admin"
  | "clerk"
  | "leader"
  | "specialist"
  | "reporting_officer"
  | "security_operator";

export type Localized = { vi: string; en: string };

/** A cursor-paginated list. */
export type Page<T> = { items: T[]; nextCursor: string | null };

export type OrganizationRef = { id: string; code: string; name: string };

export type Me = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  organization: OrganizationRef;
  roles: Role[];
};

export type Session = { user: Me; csrfToken: string };

export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  organization: OrganizationRef;
  roles: Role[];
  status: "active" | "disabled";
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
};

export type RoleInfo = { id: Role; label: Localized };

export type ModuleInfo = { id: string; title: Localized };

export const ORGANIZATION_KINDS = [
  "ministry",
  "ministry_unit",
  "provincial_committee",
  "provincial_department",
  "commune_committee",
  "other",
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export type OrganizationContacts = {
  address?: string;
  email?: string;
  phone?: string;
  website?: string;
};

export type Organization = {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  parentId: string | null;
  adminUnitCode: string | null;
  contacts: OrganizationContacts;
  status: "active" | "retired";
  validFrom: string;
  validTo: string | null;
  version: number;
};

export type OrganizationTreeItem = Pick<
  Organization,
  "id" | "code" | "name" | "shortName" | "kind" | "parentId"
>;

export type OrganizationHistoryEntry = {
  version: number;
  validFrom: string;
  validTo: string | null;
  changedBy: string | null;
  change: "created" | "updated" | "retired";
  snapshot: Organization;
};

export type OrganizationInput = {
  code: string;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  parentId?: string;
  adminUnitCode?: string;
  contacts?: OrganizationContacts;
};

export type AdminUnit = {
  code: string;
  name: string;
  fullName: string;
  nameEn: string;
  level: "province" | "commune";
  unitType: string;
  provinceCode: string | null;
  validFrom: string;
  validTo: string | null;
};

export const HOSTING_KINDS = [
  "on_premises",
  "government_datacenter",
  "government_cloud",
  "commercial_cloud",
  "other",
] as const;
export type Hosting = (typeof HOSTING_KINDS)[number];

export const SYSTEM_STATUSES = ["planned", "operating", "retired"] as const;
export type SystemStatus = (typeof SYSTEM_STATUSES)[number];

export type SecurityDecision = { number: string; date: string; issuer: string };

export type SystemContacts = { name?: string; email?: string; phone?: string };

export type InformationSystem = {
  id: string;
  organization: OrganizationRef;
  code: string;
  name: string;
  purpose: string;
  owner: string;
  securityLevel: number;
  securityDecision: SecurityDecision | null;
  hosting: Hosting;
  status: SystemStatus;
  contacts: SystemContacts;
  createdAt: string;
  updatedAt: string;
};

export type InformationSystemInput = {
  organizationId: string;
  code: string;
  name: string;
  purpose: string;
  owner: string;
  securityLevel: number;
  securityDecision?: SecurityDecision;
  hosting: Hosting;
  status: SystemStatus;
  contacts?: SystemContacts;
};

export type AuditEvent = {
  seq: number;
  id: string;
  at: string;
  action: string;
  outcome: "success" | "failure";
  actorId: string | null;
  actorName: string | null;
  organizationId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: unknown;
};

export type AuditVerification = {
  ok: boolean;
  rows: number;
  head?: string;
  firstBroken?: { seq: number; reason: string };
};

/** The step an OIDC sign-in waits for at `/interaction/:uid`. */
export type InteractionStep = "password" | "second_factor" | "enrol_second_factor" | "consent";

export type InteractionDetails = {
  uid: string;
  next: InteractionStep;
  client: { clientId: string | null; name: string | null; firstParty: boolean };
  scopes: string[];
  missingScopes: string[];
  missingResourceScopes: Record<string, string[]>;
  loginHint: string | null;
  /** While the second factor is awaited: which kinds the account has, and whether passkeys work here. */
  secondFactor: { totp: boolean; passkey: boolean; passkeysAvailable: boolean } | null;
};

/** A fresh authenticator secret: the base32 text for typing by hand and the same as a QR code. */
export type TotpEnrolment = { secret: string; otpauthUri: string; qrSvg: string };

export type SecondFactorStatus = {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
  required: boolean;
};

/** A registered passkey or security key; `backedUp` means synced between devices. */
export type Passkey = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
};

export type AccountSession = {
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  via: "sso" | "password";
};

export type GrantedApplication = {
  clientId: string;
  name: string;
  scopes: string[];
  grantedAt: string;
};

export const CLIENT_KINDS = ["web", "spa", "machine"] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number] | "platform";

export const CLIENT_AUTH_METHODS = [
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number] | "none";

export type Jwks = { keys: Record<string, unknown>[] };

/** A system registered to sign people in through the SSO, or to call APIs such as the LGSP. */
export type Client = {
  id: string;
  clientId: string;
  name: string;
  kind: ClientKind;
  organizationId: string | null;
  informationSystemId: string | null;
  firstParty: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  grantTypes: string[];
  authMethod: ClientAuthMethod;
  hasSecret: boolean;
  jwks: Jwks | null;
  scopes: string[];
  resources: string[];
  status: "active" | "disabled";
  secretRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ClientInput = {
  name: string;
  kind: (typeof CLIENT_KINDS)[number];
  /** Only system administrators may register a client that belongs to no organization. */
  organizationId: string | null;
  /** Only clients linked to a directory system count as systems integrated with the SSO. */
  informationSystemId?: string | null;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  authMethod?: (typeof CLIENT_AUTH_METHODS)[number];
  jwks?: Jwks | null;
  scopes: string[];
  resources?: string[];
  firstParty?: boolean;
};

export type ClientPatch = Partial<
  Omit<ClientInput, "kind" | "organizationId" | "authMethod" | "informationSystemId"> & {
    informationSystemId: string;
    status: Client["status"];
  }
>;

/** `clientSecret` is shown once; null for clients without a secret (SPAs, private_key_jwt). */
export type ClientWithSecret = { client: Client; clientSecret: string | null };

export type ResourceServer = { identifier: string; name: string; scopes: string[] };

export type ClientOptions = { userScopes: string[]; resourceServers: ResourceServer[] };
