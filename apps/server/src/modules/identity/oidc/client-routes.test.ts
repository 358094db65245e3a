import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import { countSsoIntegratedSystems } from "./clients.ts";

describe("client registry API", () => {
  let platform: Platform;
  let orgA: string;
  let orgB: string;
  let systemA: string;
  let systemB: string;
  let sysadmin: Awaited<ReturnType<typeof createTestUser>>;
  let adminA: Awaited<ReturnType<typeof createTestUser>>;
  let clerkA: Awaited<ReturnType<typeof createTestUser>>;

  before(async () => {
    platform = await createTestPlatform();
    orgA = (await createTestOrganization(platform.ctx.db)).id;
    orgB = (await createTestOrganization(platform.ctx.db)).id;
    systemA = (await createTestInformationSystem(platform.ctx.db, orgA)).id;
    systemB = (await createTestInformationSystem(platform.ctx.db, orgB)).id;
    sysadmin = await createTestUser(platform, { organizationId: orgA, roles: ["system_admin"] });
    adminA = await createTestUser(platform, { organizationId: orgA, roles: ["org_admin"] });
    clerkA = await createTestUser(platform, { organizationId: orgA, roles: ["clerk"] });
  });
  after(() => platform.stop());

  const call = (
    who: { bearer: Record<string, string> } | null,
    method: "GET" | "POST" | "PATCH",
    url: string,
    payload?: object,
  ) =>
    platform.app.inject({
      method,
      url: `/api/v1/identity${url}`,
      headers: who ? who.bearer : {},
      ...(payload ? { payload } : {}),
    });

  const webClient = (organizationId: string, informationSystemId: string) => ({
    name: "Cổng dịch vụ công của Bộ",
    kind: "web",
    organizationId,
    informationSystemId,
    redirectUris: ["https://dichvucong.example.gov.vn/callback"],
    scopes: ["openid", "profile", "org"],
  });

  it("registers a web client, shows its secret once and stores only a hash", async () => {
    const before = await countSsoIntegratedSystems(platform.ctx.db);
    const created = await call(adminA, "POST", "/clients", webClient(orgA, systemA));
    assert.equal(created.statusCode, 201, created.body);
    const { client, clientSecret } = created.json();
    assert.match(clientSecret, /^lts_[A-Za-z0-9_-]{43}$/);
    assert.equal(client.hasSecret, true);
    assert.deepEqual(client.grantTypes, ["authorization_code", "refresh_token"]);
    const shown = await call(adminA, "GET", `/clients/${client.id}`);
    assert.equal(shown.statusCode, 200);
    assert.ok(!shown.body.includes(clientSecret), "the secret is never shown again");
    const stored = await platform.ctx.db
      .selectFrom("idn_clients")
      .select("secret_hash")
      .where("id", "=", client.id)
      .executeTakeFirstOrThrow();
    assert.match(stored.secret_hash as string, /^sha256:/);
    assert.ok(!(stored.secret_hash as string).includes(clientSecret));
    assert.equal(await countSsoIntegratedSystems(platform.ctx.db), before + 1);
    const audit = await searchAudit(platform.ctx.db, {
      action: "identity.client_registered",
      targetId: client.id,
      limit: 1,
    });
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]).includes(clientSecret), "no secret in the audit trail");
  });

  it("rotates a secret: the new one is shown once and audited", async () => {
    const { client, clientSecret } = (
      await call(adminA, "POST", "/clients", webClient(orgA, systemA))
    ).json();
    const rotated = await call(adminA, "POST", `/clients/${client.id}/secret`);
    assert.equal(rotated.statusCode, 200);
    assert.notEqual(rotated.json().clientSecret, clientSecret);
  });

  it("lists clients within the caller's scope, with search", async () => {
    await call(sysadmin, "POST", "/clients", {
      ...webClient(orgB, systemB),
      name: "Hệ thống của cơ quan khác",
    });
    const mine = (await call(adminA, "GET", "/clients?limit=200")).json();
    assert.ok(mine.items.length > 0);
    assert.ok(mine.items.every((c: { organizationId: string }) => c.organizationId === orgA));
    const all = (await call(sysadmin, "GET", "/clients?q=co quan khac")).json();
    assert.equal(all.items.length, 1);
    assert.equal(all.items[0].name, "Hệ thống của cơ quan khác");
  });

  it("refuses unauthenticated callers, non-administrators and other organizations", async () => {
    assert.equal((await call(null, "GET", "/clients")).statusCode, 401);
    assert.equal((await call(null, "POST", "/clients", webClient(orgA, systemA))).statusCode, 401);
    assert.equal((await call(clerkA, "GET", "/clients")).statusCode, 403);
    assert.equal(
      (await call(clerkA, "POST", "/clients", webClient(orgA, systemA))).statusCode,
      403,
    );
    assert.equal(
      (await call(adminA, "POST", "/clients", webClient(orgB, systemB))).statusCode,
      403,
    );
    const other = (await call(sysadmin, "POST", "/clients", webClient(orgB, systemB))).json();
    assert.equal((await call(adminA, "GET", `/clients/${other.client.id}`)).statusCode, 404);
    assert.equal(
      (await call(adminA, "PATCH", `/clients/${other.client.id}`, { status: "disabled" }))
        .statusCode,
      404,
    );
    assert.equal(
      (await call(adminA, "POST", `/clients/${other.client.id}/secret`)).statusCode,
      404,
    );
    const firstParty = await call(adminA, "POST", "/clients", {
      ...webClient(orgA, systemA),
      firstParty: true,
    });
    assert.equal(firstParty.statusCode, 403, "only system administrators skip consent");
  });

  it("refuses redirect URIs that are not exact https addresses, and mismatched systems", async () => {
    for (const [redirect, path] of [
      ["https://*.example.gov.vn/cb", "body.redirectUris.0"],
      ["https://example.gov.vn/cb#x", "body.redirectUris.0"],
      ["http://example.gov.vn/cb", "body.redirectUris.0"],
    ] as const) {
      const response = await call(adminA, "POST", "/clients", {
        ...webClient(orgA, systemA),
        redirectUris: [redirect],
      });
      assert.equal(response.statusCode, 422, redirect);
      assert.equal(response.json().errors[0].path, path);
    }
    const loopback = await call(adminA, "POST", "/clients", {
      ...webClient(orgA, systemA),
      redirectUris: ["http://127.0.0.1:8090/callback"],
    });
    assert.equal(loopback.statusCode, 201, "http is allowed for loopback addresses");
    const machineWithRedirect = await call(adminA, "POST", "/clients", {
      ...webClient(orgA, systemA),
      kind: "machine",
      scopes: ["lgsp"],
    });
    assert.equal(machineWithRedirect.statusCode, 422);
    const wrongSystem = await call(sysadmin, "POST", "/clients", webClient(orgA, systemB));
    assert.equal(wrongSystem.statusCode, 422);
    assert.equal(wrongSystem.json().errors[0].path, "body.informationSystemId");
    const badScope = await call(adminA, "POST", "/clients", {
      ...webClient(orgA, systemA),
      scopes: ["openid", "admin"],
    });
    assert.equal(badScope.statusCode, 422);
    const unknownField = await call(adminA, "POST", "/clients", {
      ...webClient(orgA, systemA),
      clientSecret: "chosen",
    });
    assert.equal(unknownField.statusCode, 400);
    const count = await platform.ctx.db
      .selectFrom("idn_clients")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("name", "=", "never")
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  it("requires a public JWKS for private_key_jwt and refuses private key material", async () => {
    const withPrivate = await call(adminA, "POST", "/clients", {
      ...webClient(orgA, systemA),
      kind: "machine",
      redirectUris: [],
      scopes: ["lgsp"],
      authMethod: "private_key_jwt",
      jwks: { keys: [{ kty: "EC", crv: "P-256", x: "a", y: "b", d: "secret" }] },
    });
    assert.equal(withPrivate.statusCode, 422);
    assert.equal(withPrivate.json().errors[0].path, "body.jwks");
  });
});
