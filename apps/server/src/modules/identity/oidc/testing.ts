import * as oidc from "openid-client";
import { createTestInformationSystem, systemActor } from "../../directory/testing.ts";
import type { Platform } from "../../../platform.ts";
import { registerClient, type ClientInput } from "./clients.ts";
import { resourceServers } from "./provider.ts";

/** Test factory: a client registered through the service, with its secret. */
export async function createTestClient(
  platform: Platform,
  organizationId: string,
  input: Partial<ClientInput> & Pick<ClientInput, "kind">,
) {
  const system = await createTestInformationSystem(platform.ctx.db, organizationId);
  const base = platform.ctx.config.publicUrl;
  const defaults: ClientInput =
    input.kind === "machine"
      ? {
          name: "Hệ thống gọi LGSP",
          kind: "machine",
          organizationId,
          informationSystemId: system.id,
          scopes: ["lgsp"],
          resources: [`${base}/gw`],
        }
      : {
          name: "Ứng dụng thử",
          kind: input.kind,
          organizationId,
          informationSystemId: system.id,
          redirectUris: ["http://127.0.0.1:9/callback"],
          postLogoutRedirectUris: ["http://127.0.0.1:9/signed-out"],
          scopes: ["openid", "profile", "email", "org", "roles", "offline_access"],
        };
  return registerClient({
    db: platform.ctx.db,
    resourceServers: resourceServers(platform.ctx.config),
    actor: systemActor,
    input: { ...defaults, ...input },
  });
}

/**
 * An LGSP access token for a machine client, by client credentials over HTTP from the platform
 * listening at `base` (resource `<base>/gw`, scope `lgsp`).
 */
export async function lgspToken(
  base: string,
  client: { client: { clientId: string }; clientSecret: string | null },
): Promise<string> {
  const response = await fetch(`${base}/oidc/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.client.clientId}:${client.clientSecret!}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      scope: "lgsp",
      resource: `${base}/gw`,
    }).toString(),
  });
  if (response.status !== 200)
    throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A browser's cookie jar, enough for the provider's cookies (name, value, path). */
export class CookieJar {
  #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";").map((part) => part.trim());
      const [name, ...rest] = pair!.split("=");
      const path = attributes.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const value = rest.join("=");
      const expired = attributes.some((a) => /^expires=thu, 01 jan 1970/i.test(a));
      const key = `${name}@${path}`;
      if (expired || value === "") this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path });
    }
  }

  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.#cookies.entries()]
      .filter(
        ([, c]) => path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`),
      )
      .map(([key, c]) => `${key.slice(0, key.lastIndexOf("@"))}=${c.value}`)
      .join("; ");
  }

  async fetch(url: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(response);
    return response;
  }
}

/**
 * Follows redirects like a browser until the response leaves the platform (the client's
 * redirect URI) or stops on a page; returns the last response and its URL.
 */
export async function follow(jar: CookieJar, url: string, stopAt: (url: string) => boolean) {
  let current = url;
  for (let hops = 0; hops < 10; hops += 1) {
    if (stopAt(current)) return { url: current, response: undefined };
    const response = await jar.fetch(current);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location)
      return { url: current, response };
    current = new URL(location, current).toString();
  }
  throw new Error("too many redirects");
}

/** The interaction uid from `/interaction/<uid>`. */
export function interactionUid(url: string) {
  const match = /\/interaction\/([^/?#]+)/.exec(new URL(url).pathname);
  if (!match) throw new Error(`not an interaction page: ${url}`);
  return match[1]!;
}

export async function postJson(jar: CookieJar, url: string, body: unknown = {}) {
  const response = await jar.fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** For `assert.rejects`: an OAuth error response with this `error` code (openid-client's shape). */
export function oauthError(code: string) {
  return (error: unknown) => {
    // A body error carries `error`; a 401 with WWW-Authenticate carries it in the challenge.
    const shaped = error as {
      error?: string;
      cause?: { parameters?: { error?: string } }[];
    };
    const actual =
      shaped.error ??
      (Array.isArray(shaped.cause) ? shaped.cause[0]?.parameters?.error : undefined);
    if (actual !== code)
      throw new Error(`expected OAuth error ${code}, got ${actual ?? String(error)}`);
    return true;
  };
}

/** A relying party's view of the platform's provider, through `openid-client` over real HTTP. */
export function relyingParty(platform: Platform, clientId: string, secret: string | null) {
  return oidc.discovery(
    new URL(`${platform.ctx.config.publicUrl}/oidc`),
    clientId,
    undefined,
    secret ? oidc.ClientSecretBasic(secret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );
}
