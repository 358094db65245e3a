import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import * as oidc from "openid-client";
import { runSeeds } from "../../../core/seed.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import { tempDataDir } from "../../../core/testing/processes.ts";
import { modules } from "../../index.ts";
import type { Platform } from "../../../platform.ts";
import { DEMO_HOME_AFFAIRS_CODE, getInformationSystem } from "../../directory/index.ts";
import { selectClientByClientId } from "./clients.ts";
import {
  EXAMPLE_APP_URL,
  EXAMPLE_CLIENT_ID,
  exampleSettingsFile,
  type ExampleClientSettings,
} from "./demo-clients.ts";
import { oauthError } from "./testing.ts";

describe("the demo seed registers examples/sso-demo-app (happy paths)", () => {
  let platform: Platform;
  let dataDir: string;
  let file: string;

  before(async () => {
    dataDir = tempDataDir("lt-sso-example-");
    platform = await createTestPlatform({
      listen: true,
      demo: true,
      config: { dataDir, demoAdminPassword: "Demo-Passw0rd-Bnv-2026!" },
    });
    file = exampleSettingsFile(platform.ctx.config);
  });
  after(async () => {
    await platform?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const settings = () => JSON.parse(fs.readFileSync(file, "utf8")) as ExampleClientSettings;
  const reseed = () => runSeeds({ ctx: platform.ctx, modules, demo: true, force: true });

  /** Whether the provider accepts this secret: introspection authenticates the client first. */
  async function secretAccepted(secret: string) {
    const config = await oidc.discovery(
      new URL(settings().issuer),
      EXAMPLE_CLIENT_ID,
      undefined,
      oidc.ClientSecretBasic(secret),
      { execute: [oidc.allowInsecureRequests] },
    );
    try {
      await oidc.tokenIntrospection(config, "not-a-token");
      return true;
    } catch (error) {
      oauthError("invalid_client")(error);
      return false;
    }
  }

  it("writes the settings (0600) and registers a first-party client of a Bộ Nội vụ system", async () => {
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const written = settings();
    assert.deepEqual(
      { ...written, client_secret: "…" },
      {
        issuer: `${platform.ctx.config.publicUrl}/oidc`,
        client_id: EXAMPLE_CLIENT_ID,
        client_secret: "…",
        redirect_uri: `${EXAMPLE_APP_URL}/callback`,
        post_logout_redirect_uri: `${EXAMPLE_APP_URL}/`,
        backchannel_logout_uri: `${EXAMPLE_APP_URL}/backchannel-logout`,
      },
    );
    const row = (await selectClientByClientId(platform.ctx.db, EXAMPLE_CLIENT_ID))!;
    assert.equal(row.kind, "web");
    assert.equal(row.first_party, true);
    assert.deepEqual(row.scopes, ["openid", "profile", "email", "org", "roles"]);
    const system = await getInformationSystem({
      db: platform.ctx.db,
      actor: { kind: "system", name: "test" },
      id: row.information_system_id!,
    });
    assert.equal(system.code, "HTTTBC");
    assert.equal(system.organization.code, DEMO_HOME_AFFAIRS_CODE);
    assert.equal(await secretAccepted(written.client_secret), true);
  });

  it("keeps the secret on a re-seed while the file still matches the registry", async () => {
    const before = fs.readFileSync(file, "utf8");
    await reseed();
    assert.equal(fs.readFileSync(file, "utf8"), before);
  });

  it("issues a fresh secret when the file is lost, and the old one stops working", async () => {
    const old = settings().client_secret;
    fs.rmSync(file);
    await reseed();
    const fresh = settings().client_secret;
    assert.notEqual(fresh, old);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(await secretAccepted(fresh), true);
    assert.equal(await secretAccepted(old), false);
  });
});
