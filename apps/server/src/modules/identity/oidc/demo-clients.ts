import fs from "node:fs";
import path from "node:path";
import type { Actor } from "../../../core/actor.ts";
import type { Config } from "../../../core/config.ts";
import type { ModuleContext } from "../../../core/module.ts";
import {
  DEMO_HOME_AFFAIRS_CODE,
  findOrganizationByCode,
  listInformationSystems,
} from "../../directory/index.ts";
import {
  clientSecretMatches,
  presentClient,
  registerClient,
  rotateClientSecret,
  selectClientByClientId,
} from "./clients.ts";
import { issuerOf, resourceServers } from "./provider.ts";

/** The second application of the demo, `examples/sso-demo-app`, as a registered SSO client. */
export const EXAMPLE_CLIENT_ID = "lienthong-example";

/**
 * Where the example app listens. Fixed, so the registration and `examples/sso-demo-app`'s default
 * port agree without configuration; an administrator can change the addresses in the client
 * registry, and the next seed copies them into the settings file.
 */
export const EXAMPLE_APP_URL = "http://127.0.0.1:8090";

/** The demo information system the example stands in for (Bộ Nội vụ's reporting system). */
const EXAMPLE_SYSTEM_CODE = "HTTTBC";
const SEED_ACTOR: Actor = { kind: "system", name: "seed" };

/** What the example app reads from `DATA_DIR/sso-example.json`. */
export type ExampleClientSettings = {
  issuer: string;
  client_id: string;
  client_secret: string;
  redirect_uri: string;
  post_logout_redirect_uri: string;
  backchannel_logout_uri: string;
};

export function exampleSettingsFile(config: Pick<Config, "dataDir">) {
  return path.join(config.dataDir, "sso-example.json");
}

/**
 * Registers the example app as a first-party web client of Bộ Nội vụ and writes its settings,
 * secret included, to `DATA_DIR/sso-example.json` (0600). The registry keeps only a hash of the
 * secret, so a re-seed keeps the file's secret while it still matches the registry and otherwise
 * (file lost or edited, or the secret rotated by an administrator) rotates it and rewrites the
 * file; a running example app must then be restarted to read the new secret.
 */
export async function seedExampleClient(ctx: ModuleContext) {
  const { config } = ctx;
  const file = exampleSettingsFile(config);
  const registered = await exampleClientWithSecret(ctx, readSettings(file)?.client_secret);
  if (!registered) return;
  // The addresses come from the registry, so an administrator's change there reaches the file.
  const { client, clientSecret } = registered;
  writeSettings(file, {
    issuer: issuerOf(config),
    client_id: client.clientId,
    client_secret: clientSecret!,
    redirect_uri: client.redirectUris[0] ?? `${EXAMPLE_APP_URL}/callback`,
    post_logout_redirect_uri: client.postLogoutRedirectUris[0] ?? `${EXAMPLE_APP_URL}/`,
    backchannel_logout_uri: client.backchannelLogoutUri ?? `${EXAMPLE_APP_URL}/backchannel-logout`,
  });
}

async function exampleClientWithSecret(ctx: ModuleContext, storedSecret: string | undefined) {
  const existing = await selectClientByClientId(ctx.db, EXAMPLE_CLIENT_ID);
  if (!existing) return registerExampleClient(ctx);
  if (storedSecret && clientSecretMatches(existing.secret_hash ?? undefined, storedSecret))
    return { client: presentClient(existing), clientSecret: storedSecret };
  return rotateClientSecret({ db: ctx.db, actor: SEED_ACTOR, id: existing.id });
}

async function registerExampleClient({ db, config, log }: ModuleContext) {
  const organization = await findOrganizationByCode({ db, code: DEMO_HOME_AFFAIRS_CODE });
  const systems = organization
    ? await listInformationSystems({
        db,
        actor: SEED_ACTOR,
        organizationId: organization.id,
        q: EXAMPLE_SYSTEM_CODE,
        limit: 20,
      })
    : { items: [] };
  const system = systems.items.find((s) => s.code === EXAMPLE_SYSTEM_CODE);
  if (!organization || !system) {
    log.warn({ system: EXAMPLE_SYSTEM_CODE }, "demo information system missing; no SSO example");
    return undefined;
  }
  return registerClient({
    db,
    resourceServers: resourceServers(config),
    actor: SEED_ACTOR,
    clientId: EXAMPLE_CLIENT_ID,
    input: {
      name: "Ứng dụng mẫu SSO (examples/sso-demo-app)",
      kind: "web",
      organizationId: organization.id,
      informationSystemId: system.id,
      redirectUris: [`${EXAMPLE_APP_URL}/callback`],
      postLogoutRedirectUris: [`${EXAMPLE_APP_URL}/`],
      backchannelLogoutUri: `${EXAMPLE_APP_URL}/backchannel-logout`,
      scopes: ["openid", "profile", "email", "org", "roles"],
      firstParty: true,
    },
  });
}

function readSettings(file: string): Partial<ExampleClientSettings> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Partial<ExampleClientSettings>;
  } catch {
    return undefined;
  }
}

function writeSettings(file: string, settings: ExampleClientSettings) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
