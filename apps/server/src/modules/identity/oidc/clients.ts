import { hash, randomBytes, timingSafeEqual } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { decodeCursor, isTextIdKey, toPage } from "../../../core/http/cursor.ts";
import { isUuid, newId } from "../../../core/ids.ts";
import { escapeLike, foldVietnamese, searchTerms } from "../../../core/text.ts";
import {
  canAdministerOrganization,
  getInformationSystem,
  organizationSubtreeIds,
} from "../../directory/index.ts";
import type { ClientAuthMethod, ClientGrant, ClientKind, ClientRow, OidcTables } from "./tables.ts";

const t = (db: Db) => db as unknown as Kysely<OidcTables>;
const jsonb = (value: unknown) => sql<never>`${JSON.stringify(value)}::jsonb`;

/** Scopes a person-facing client may ask for. */
export const USER_SCOPES = [
  "openid",
  "profile",
  "email",
  "offline_access",
  "org",
  "roles",
] as const;

/**
 * What an administrator registers. `kind` decides the grants and how the client authenticates:
 * - `web`: a server-side web app (authorization code + PKCE, refresh tokens, a secret or private_key_jwt);
 * - `spa`: a browser app (authorization code + PKCE, no secret: a public client);
 * - `machine`: a system calling APIs such as the LGSP (client credentials, a secret or private_key_jwt).
 */
export type ClientInput = {
  name: string;
  kind: Exclude<ClientKind, "platform">;
  /** Owner; only system administrators may register a client of no organization. */
  organizationId: string | null;
  /**
   * The directory's information system this client is; only linked clients count as systems
   * integrated with the SSO.
   */
  informationSystemId?: string | null | undefined;
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  backchannelLogoutUri?: string | null | undefined;
  /** `client_secret_basic` (default) or `private_key_jwt` with `jwks`; SPAs always use `none`. */
  authMethod?: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | undefined;
  jwks?: { keys: Record<string, unknown>[] } | null | undefined;
  scopes: string[];
  resources?: string[] | undefined;
  /** First-party clients skip the consent screen; only system administrators may set it. */
  firstParty?: boolean | undefined;
};

export type ClientPatch = Partial<
  Omit<ClientInput, "kind" | "organizationId" | "authMethod" | "informationSystemId"> & {
    informationSystemId: string;
    status: "active" | "disabled";
  }
>;

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
  grantTypes: ClientGrant[];
  authMethod: ClientAuthMethod;
  hasSecret: boolean;
  jwks: { keys: Record<string, unknown>[] } | null;
  scopes: string[];
  resources: string[];
  status: "active" | "disabled";
  secretRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function presentClient(row: ClientRow): Client {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    kind: row.kind,
    organizationId: row.organization_id,
    informationSystemId: row.information_system_id,
    firstParty: row.first_party,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    backchannelLogoutUri: row.backchannel_logout_uri,
    grantTypes: row.grant_types,
    authMethod: row.token_endpoint_auth_method,
    hasSecret: row.secret_hash !== null,
    jwks: row.jwks,
    scopes: row.scopes,
    resources: row.resources,
    status: row.status,
    secretRotatedAt: row.secret_rotated_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Secrets: 256 random bits, shown once, stored as SHA-256 (a slow hash adds nothing to a secret
// that cannot be guessed, and the token endpoint must stay fast).

const SECRET_PREFIX = "lts_";

export function newClientSecret(): { secret: string; hash: string } {
  const secret = SECRET_PREFIX + randomBytes(32).toString("base64url");
  return { secret, hash: hashClientSecret(secret) };
}

export function hashClientSecret(secret: string): string {
  return `sha256:${hash("sha256", secret, "base64url")}`;
}

export function clientSecretMatches(storedHash: string | undefined, presented: string): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(storedHash);
  const b = Buffer.from(hashClientSecret(presented));
  return a.length === b.length && timingSafeEqual(a, b);
}

// ---------------------------------------------------------------------------------------------
// Validation

const invalid = (path: string, vi: string, en: string) =>
  new AppError("unprocessable", { detail: { vi, en }, errors: [{ path, message: en }] });

function checkRedirectUri(uri: string, path: string, kind: ClientInput["kind"]) {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid(path, `"${uri}" không phải là địa chỉ hợp lệ.`, `"${uri}" is not a URL.`);
  }
  if (url.hash || uri.includes("*")) {
    throw invalid(
      path,
      "Địa chỉ chuyển hướng phải khớp chính xác: không có phần # và không có ký tự đại diện *.",
      "Redirect URIs match exactly: no fragment and no * wildcard.",
    );
  }
  const loopback = ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw invalid(
      path,
      "Địa chỉ chuyển hướng phải dùng https (http chỉ được phép với máy cục bộ).",
      "Redirect URIs must use https (http only for loopback addresses).",
    );
  }
  if (kind === "machine") {
    throw invalid(
      path,
      "Ứng dụng máy (client credentials) không có địa chỉ chuyển hướng.",
      "Machine clients (client credentials) have no redirect URIs.",
    );
  }
}

function checkScopes(
  kind: ClientInput["kind"],
  scopes: string[],
  knownResourceScopes: Set<string>,
) {
  for (const [i, scope] of scopes.entries()) {
    const userScope = (USER_SCOPES as readonly string[]).includes(scope);
    if (kind === "machine" ? !knownResourceScopes.has(scope) : !userScope) {
      throw invalid(
        `body.scopes.${i}`,
        `Phạm vi "${scope}" không dùng được cho loại ứng dụng này.`,
        `Scope "${scope}" is not available to this kind of client.`,
      );
    }
  }
  if (kind !== "machine" && !scopes.includes("openid")) {
    throw invalid(
      "body.scopes",
      'Ứng dụng đăng nhập người dùng phải có phạm vi "openid".',
      'A client that signs people in needs the "openid" scope.',
    );
  }
}

function checkJwks(jwks: ClientInput["jwks"]) {
  const keys = jwks?.keys ?? [];
  if (keys.length === 0 || keys.some((k) => typeof k !== "object" || "d" in k || !k.kty)) {
    throw invalid(
      "body.jwks",
      "private_key_jwt cần bộ khóa công khai (JWKS) của ứng dụng, không chứa khóa bí mật.",
      "private_key_jwt needs the client's public JWKS, without private key material.",
    );
  }
}

/** Resource servers the provider knows: the LGSP gateway, with the scopes it accepts. */
export type ResourceServer = { identifier: string; name: string; scopes: string[] };

export type ClientRegistryContext = { db: Db; resourceServers: ResourceServer[] };

function checkResources(resources: string[], registry: ClientRegistryContext) {
  for (const [i, resource] of resources.entries()) {
    if (!registry.resourceServers.some((r) => r.identifier === resource)) {
      throw invalid(
        `body.resources.${i}`,
        `Không có máy chủ tài nguyên "${resource}".`,
        `No resource server "${resource}" is registered.`,
      );
    }
  }
}

async function checkSystemOf(
  db: Db,
  actor: Actor,
  informationSystemId: string,
  organizationId: string | null,
) {
  const system = await getInformationSystem({ db, actor, id: informationSystemId }).catch(
    () => undefined,
  );
  if (!system || (organizationId !== null && system.organization.id !== organizationId)) {
    throw invalid(
      "body.informationSystemId",
      "Hệ thống thông tin không tồn tại hoặc không thuộc cơ quan này.",
      "The information system does not exist or does not belong to this organization.",
    );
  }
}

function grantsFor(kind: ClientInput["kind"]): ClientGrant[] {
  return kind === "machine" ? ["client_credentials"] : ["authorization_code", "refresh_token"];
}

function searchTextOf(name: string, clientId: string) {
  return foldVietnamese(`${name} ${clientId}`);
}

// ---------------------------------------------------------------------------------------------
// Service

export type RegisterClientOptions = ClientRegistryContext & {
  actor: Actor | null | undefined;
  input: ClientInput;
  meta?: RequestMeta;
  /** A fixed client_id (seeded clients); otherwise one is generated. */
  clientId?: string;
};

/** Registers a client; returns it with its secret, which is never shown again. */
export async function registerClient(
  options: RegisterClientOptions,
): Promise<{ client: Client; clientSecret: string | null }> {
  const { db, input, meta } = options;
  const actor = requireActor(options.actor);
  if (!(await canAdministerOrganization({ db, actor, organizationId: input.organizationId })))
    throw new AppError("forbidden");
  const isSystemAdmin = actor.kind === "system" || actor.roles.includes("system_admin");
  if (input.firstParty && !isSystemAdmin) {
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị hệ thống mới đánh dấu được ứng dụng nội bộ (bỏ qua bước đồng ý).",
        en: "Only system administrators may mark a client first-party (no consent screen).",
      },
    });
  }
  if (input.informationSystemId)
    await checkSystemOf(db, actor, input.informationSystemId, input.organizationId);
  const redirectUris = input.redirectUris ?? [];
  const postLogout = input.postLogoutRedirectUris ?? [];
  redirectUris.forEach((u, i) => checkRedirectUri(u, `body.redirectUris.${i}`, input.kind));
  postLogout.forEach((u, i) => checkRedirectUri(u, `body.postLogoutRedirectUris.${i}`, input.kind));
  if (input.kind !== "machine" && redirectUris.length === 0) {
    throw invalid(
      "body.redirectUris",
      "Cần ít nhất một địa chỉ chuyển hướng.",
      "At least one redirect URI is needed.",
    );
  }
  if (input.backchannelLogoutUri) {
    checkRedirectUri(input.backchannelLogoutUri, "body.backchannelLogoutUri", input.kind);
  }
  const resourceScopes = new Set(options.resourceServers.flatMap((r) => r.scopes));
  checkScopes(input.kind, input.scopes, resourceScopes);
  // A machine client calls the LGSP unless told otherwise.
  const resources =
    input.resources ??
    (input.kind === "machine" ? options.resourceServers.map((r) => r.identifier) : []);
  checkResources(resources, options);
  const authMethod: ClientAuthMethod =
    input.kind === "spa" ? "none" : (input.authMethod ?? "client_secret_basic");
  if (authMethod === "private_key_jwt") checkJwks(input.jwks);
  const secret = authMethod.startsWith("client_secret") ? newClientSecret() : null;
  const clientId = options.clientId ?? newId();
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await t(trx)
      .insertInto("idn_clients")
      .values({
        id: newId(),
        client_id: clientId,
        name: input.name.trim(),
        kind: input.kind,
        organization_id: input.organizationId,
        information_system_id: input.informationSystemId ?? null,
        first_party: input.firstParty ?? false,
        redirect_uris: jsonb(redirectUris),
        post_logout_redirect_uris: jsonb(postLogout),
        backchannel_logout_uri: input.backchannelLogoutUri ?? null,
        grant_types: jsonb(grantsFor(input.kind)),
        token_endpoint_auth_method: authMethod,
        secret_hash: secret?.hash ?? null,
        jwks: authMethod === "private_key_jwt" ? jsonb(input.jwks) : null,
        scopes: jsonb(input.scopes),
        resources: jsonb(resources),
        search_text: searchTextOf(input.name, clientId),
        created_by: actor.kind === "user" ? actor.userId : null,
        secret_rotated_at: secret ? new Date() : null,
      })
      .onConflict((oc) => oc.column("client_id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      throw new AppError("conflict", {
        detail: { vi: `Đã có ứng dụng "${clientId}".`, en: `Client "${clientId}" already exists.` },
      });
    }
    await recordAudit(trx, {
      action: "identity.client_registered",
      actor,
      organizationId: input.organizationId,
      targetType: "client",
      targetId: inserted.id,
      details: { clientId, name: inserted.name, kind: input.kind, scopes: input.scopes, resources },
      ...meta,
    });
    return inserted;
  });
  clientChanged(db, clientId);
  return { client: presentClient(row), clientSecret: secret?.secret ?? null };
}

async function loadAdministrable(db: Db, actor: Actor | null | undefined, id: string) {
  const known = requireActor(actor);
  const row = isUuid(id)
    ? await t(db).selectFrom("idn_clients").selectAll().where("id", "=", id).executeTakeFirst()
    : undefined;
  const notFound = new AppError("not_found", {
    detail: { vi: "Không tìm thấy ứng dụng.", en: "No such client." },
  });
  if (!row) throw notFound;
  if (!(await canAdministerOrganization({ db, actor: known, organizationId: row.organization_id })))
    throw notFound;
  return { actor: known, row };
}

export async function getClient(options: { db: Db; actor: Actor | null | undefined; id: string }) {
  const { row } = await loadAdministrable(options.db, options.actor, options.id);
  return presentClient(row);
}

export type ListClientsOptions = {
  db: Db;
  actor: Actor | null | undefined;
  organizationId?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Clients the caller administers: everything for system administrators, their subtree otherwise. */
export async function listClients(options: ListClientsOptions) {
  const { db, q, cursor, limit } = options;
  const actor = requireActor(options.actor);
  const isSystemAdmin = actor.kind === "system" || actor.roles.includes("system_admin");
  if (!isSystemAdmin && !actor.roles.includes("org_admin")) throw new AppError("forbidden");
  let query = t(db).selectFrom("idn_clients").selectAll();
  if (!isSystemAdmin) {
    const scope = await organizationSubtreeIds({ db, organizationId: actor.organizationId });
    query = query.where("organization_id", "in", scope);
  }
  if (options.organizationId) query = query.where("organization_id", "=", options.organizationId);
  for (const term of searchTerms(q ?? "")) {
    query = query.where("search_text", "like", `%${escapeLike(term)}%`);
  }
  if (cursor) {
    const [name, id] = decodeCursor(cursor, isTextIdKey);
    query = query.where((eb) =>
      eb.or([eb("name", ">", name), eb.and([eb("name", "=", name), eb("id", ">", id)])]),
    );
  }
  const rows = await query
    .orderBy("name")
    .orderBy("id")
    .limit(limit + 1)
    .execute();
  const page = toPage(rows, limit, (r) => [r.name, r.id]);
  return { items: page.items.map(presentClient), nextCursor: page.nextCursor };
}

export type UpdateClientOptions = ClientRegistryContext & {
  actor: Actor | null | undefined;
  id: string;
  patch: ClientPatch;
  meta?: RequestMeta;
};

export async function updateClient(options: UpdateClientOptions): Promise<Client> {
  const { db, patch, meta } = options;
  const { actor, row } = await loadAdministrable(db, options.actor, options.id);
  if (row.kind === "platform") {
    throw new AppError("forbidden", {
      detail: {
        vi: "Ứng dụng của chính nền tảng được quản lý tự động.",
        en: "The platform's own client is managed automatically.",
      },
    });
  }
  const kind = row.kind;
  const isSystemAdmin = actor.kind === "system" || actor.roles.includes("system_admin");
  if (patch.firstParty !== undefined && patch.firstParty !== row.first_party && !isSystemAdmin)
    throw new AppError("forbidden");
  patch.redirectUris?.forEach((u, i) => checkRedirectUri(u, `body.redirectUris.${i}`, kind));
  patch.postLogoutRedirectUris?.forEach((u, i) =>
    checkRedirectUri(u, `body.postLogoutRedirectUris.${i}`, kind),
  );
  if (patch.backchannelLogoutUri)
    checkRedirectUri(patch.backchannelLogoutUri, "body.backchannelLogoutUri", kind);
  if (patch.scopes)
    checkScopes(kind, patch.scopes, new Set(options.resourceServers.flatMap((r) => r.scopes)));
  if (patch.resources) checkResources(patch.resources, options);
  if (patch.jwks !== undefined && row.token_endpoint_auth_method === "private_key_jwt")
    checkJwks(patch.jwks);
  if (patch.informationSystemId)
    await checkSystemOf(db, actor, patch.informationSystemId, row.organization_id);
  const updated = await db.transaction().execute(async (trx) => {
    const next = await t(trx)
      .updateTable("idn_clients")
      .set({
        ...(patch.name !== undefined
          ? { name: patch.name.trim(), search_text: searchTextOf(patch.name, row.client_id) }
          : {}),
        ...(patch.informationSystemId !== undefined
          ? { information_system_id: patch.informationSystemId }
          : {}),
        ...(patch.redirectUris !== undefined ? { redirect_uris: jsonb(patch.redirectUris) } : {}),
        ...(patch.postLogoutRedirectUris !== undefined
          ? { post_logout_redirect_uris: jsonb(patch.postLogoutRedirectUris) }
          : {}),
        ...(patch.backchannelLogoutUri !== undefined
          ? { backchannel_logout_uri: patch.backchannelLogoutUri }
          : {}),
        ...(patch.jwks !== undefined ? { jwks: jsonb(patch.jwks) } : {}),
        ...(patch.scopes !== undefined ? { scopes: jsonb(patch.scopes) } : {}),
        ...(patch.resources !== undefined ? { resources: jsonb(patch.resources) } : {}),
        ...(patch.firstParty !== undefined ? { first_party: patch.firstParty } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: patch.status === "disabled" ? "identity.client_disabled" : "identity.client_updated",
      actor,
      organizationId: row.organization_id,
      targetType: "client",
      targetId: row.id,
      details: { clientId: row.client_id, changed: Object.keys(patch) },
      ...meta,
    });
    return next;
  });
  clientChanged(db, row.client_id);
  return presentClient(updated);
}

/** Issues a new secret; the old one stops working at once. */
export async function rotateClientSecret(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  meta?: RequestMeta;
}): Promise<{ client: Client; clientSecret: string }> {
  const { db, meta } = options;
  const { actor, row } = await loadAdministrable(db, options.actor, options.id);
  if (!row.token_endpoint_auth_method.startsWith("client_secret")) {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Ứng dụng này không xác thực bằng mật khẩu ứng dụng (client secret).",
        en: "This client does not authenticate with a client secret.",
      },
    });
  }
  const secret = newClientSecret();
  const updated = await db.transaction().execute(async (trx) => {
    const next = await t(trx)
      .updateTable("idn_clients")
      .set({ secret_hash: secret.hash, secret_rotated_at: new Date(), updated_at: new Date() })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: "identity.client_secret_rotated",
      actor,
      organizationId: row.organization_id,
      targetType: "client",
      targetId: row.id,
      details: { clientId: row.client_id },
      ...meta,
    });
    return next;
  });
  clientChanged(db, row.client_id);
  return { client: presentClient(updated), clientSecret: secret.secret };
}

/** Information systems with at least one active SSO client: the figure target 4 is measured by. */
export async function countSsoIntegratedSystems(db: Db): Promise<number> {
  const row = await t(db)
    .selectFrom("idn_clients")
    .select(sql<number>`count(distinct information_system_id)::int`.as("n"))
    .where("status", "=", "active")
    .where("information_system_id", "is not", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function selectClientByClientId(db: Db, clientId: string) {
  return t(db)
    .selectFrom("idn_clients")
    .selectAll()
    .where("client_id", "=", clientId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// A short in-process cache in front of the registry: the token endpoint looks the client up on
// every request. Changes made in this process clear it at once; other processes see them within
// CLIENT_CACHE_MS.

export const CLIENT_CACHE_MS = 2000;
type CacheEntry = { row: ClientRow | undefined; at: number };
const caches = new WeakMap<Db, Map<string, CacheEntry>>();

function cacheOf(db: Db) {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

function clientChanged(db: Db, clientId: string) {
  cacheOf(db).delete(clientId);
}

export async function findActiveClient(db: Db, clientId: string): Promise<ClientRow | undefined> {
  const cache = cacheOf(db);
  const hit = cache.get(clientId);
  if (hit && Date.now() - hit.at < CLIENT_CACHE_MS) return hit.row;
  const row = await selectClientByClientId(db, clientId);
  const active = row?.status === "active" ? row : undefined;
  if (cache.size > 10_000) cache.clear();
  cache.set(clientId, { row: active, at: Date.now() });
  return active;
}
