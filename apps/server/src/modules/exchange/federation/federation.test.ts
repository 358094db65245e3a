import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createSelfSignedCertificate, toPem } from "@lienthong/pki";
import { sql } from "kysely";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { Agent, request } from "undici";
import type { Db } from "../../../core/db/index.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import { freePort } from "../../../core/testing/processes.ts";
import type { Platform } from "../../../platform.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
} from "../../directory/testing.ts";
import { getInformationSystem } from "../../directory/index.ts";
import { createTestClient, lgspToken } from "../../identity/oidc/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import { createTestService, grantTestAccess } from "../catalogue/testing.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import { instanceIdentity, type InstanceIdentity } from "./instance-identity.ts";
import { addPeer, updatePeer } from "./peers.ts";
import { SIGNED_CALL_HEADER, signCall } from "./signed-call.ts";

/** A key and self-signed certificate no peer has pinned. */
async function strangerCredential() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const der = await createSelfSignedCertificate({
    subject: { CN: "stranger" },
    privateKey,
    publicKey,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
  });
  return {
    certificatePem: toPem(der, "CERTIFICATE"),
    keyPem: String(privateKey.export({ format: "pem", type: "pkcs8" })),
    key: privateKey,
  };
}

async function exchangeRow(db: Db, id: string) {
  const { rows } = await sql<{
    id: string;
    consumer_client_id: string | null;
    outcome: string;
    status: number;
    correlation_id: string;
    response_sha256: string;
    end_user: string | null;
  }>`select id, consumer_client_id, outcome, status, correlation_id, response_sha256, end_user
     from xch_exchanges where id = ${id}`.execute(db);
  return rows[0];
}

describe("LGSP federation: a consumer on instance A calls a service on instance B", () => {
  let a: Platform;
  let b: Platform;
  let upstream: http.Server;
  const seen: http.IncomingHttpHeaders[] = [];
  let token: string;
  let gw: string;
  let gwPath: string;
  let bFederation: string;
  let aIdentity: InstanceIdentity;
  let bIdentity: InstanceIdentity;
  let consumer: { orgCode: string; systemCode: string; clientId: string };

  /** A client of B's federation listener presenting the given credential, pinning B. */
  const agentAs = (credential: { certificatePem: string; keyPem: string }) =>
    new Agent({
      connect: {
        cert: credential.certificatePem,
        key: credential.keyPem,
        ca: [bIdentity.certificatePem],
        checkServerIdentity: () => undefined,
      },
    });

  before(async () => {
    upstream = http.createServer((req, res) => {
      seen.push(req.headers);
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            hoTen: "Nguyễn Văn A",
            url: req.url,
            body: String(Buffer.concat(chunks)),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const [portA, portB] = [await freePort(), await freePort()];
    a = await createTestPlatform({ listen: true, config: { federationPort: portA } });
    b = await createTestPlatform({ listen: true, config: { federationPort: portB } });
    bFederation = `https://127.0.0.1:${portB}`;
    aIdentity = await instanceIdentity(a.ctx);
    bIdentity = await instanceIdentity(b.ctx);

    // B: the provider, its service, and the consumer system as B's directory knows it.
    const provider = await createTestOrganization(b.ctx.db);
    const providerSystem = await createTestInformationSystem(b.ctx.db, provider.id);
    const service = await createTestService(b.ctx.db, providerSystem.id, {
      baseUrl: `${upstreamUrl}/api`,
    });
    // A: the consumer organization, its system and SSO client.
    const consumerOrg = await createTestOrganization(a.ctx.db);
    const client = await createTestClient(a, consumerOrg.id, { kind: "machine" });
    const consumerSystem = await getInformationSystem({
      db: a.ctx.db,
      actor: systemActor,
      id: client.client.informationSystemId!,
    });
    const mirroredOrg = await createTestOrganization(b.ctx.db, { code: consumerOrg.code });
    const mirroredSystem = await createTestInformationSystem(b.ctx.db, mirroredOrg.id, {
      code: consumerSystem.code,
    });
    await grantTestAccess(b.ctx.db, { consumerSystemId: mirroredSystem.id, serviceId: service.id });
    consumer = {
      orgCode: consumerOrg.code,
      systemCode: consumerSystem.code,
      clientId: client.client.clientId,
    };

    // Each side pins the other.
    await addPeer({
      db: a.ctx.db,
      actor: systemActor,
      input: {
        name: "b",
        url: bFederation,
        certificate: bIdentity.certificatePem,
        orgCodes: [provider.code],
      },
    });
    await addPeer({
      db: b.ctx.db,
      actor: systemActor,
      input: {
        name: "a",
        url: `https://127.0.0.1:${portA}`,
        certificate: aIdentity.certificatePem,
        orgCodes: [consumerOrg.code],
      },
    });

    const base = a.ctx.config.publicUrl;
    token = await lgspToken(base, client);
    gwPath = `/gw/${provider.code}/${providerSystem.code}/${service.code}/v1`;
    gw = `${base}${gwPath}`;
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    upstream?.close();
  });

  it("forwards through both gateways and both evidence logs record the one exchange", async () => {
    const response = await fetch(`${gw}/citizens?tinh=01`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "x-correlation-id": "lien-bo-0001",
        "x-lgsp-end-user": "CCCD:001099012345",
      },
      body: JSON.stringify({ soDinhDanh: "001099012345" }),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const answer = JSON.parse(text) as { url: string; body: string };
    assert.equal(answer.url, "/api/citizens?tinh=01");
    assert.equal(answer.body, JSON.stringify({ soDinhDanh: "001099012345" }));
    const upstreamSaw = seen.at(-1)!;
    assert.equal(upstreamSaw["x-lgsp-federation-peer"], "a");
    assert.equal(
      upstreamSaw["x-lgsp-consumer-client"],
      `a/${consumer.orgCode}/${consumer.systemCode}`,
    );
    assert.equal(upstreamSaw.authorization, undefined);
    // The end user crosses in A's signed statement; B vouches for them to its provider.
    const bIssuer = `${b.ctx.config.publicUrl}/oidc`;
    const { payload } = await jwtVerify(
      upstreamSaw["x-lgsp-end-user"] as string,
      createRemoteJWKSet(new URL(`${bIssuer}/jwks`)),
      { issuer: bIssuer, typ: "lgsp-end-user+jwt" },
    );
    assert.equal(payload.sub, "CCCD:001099012345");
    assert.deepEqual(payload.act, { sub: `a/${consumer.orgCode}/${consumer.systemCode}` });
    assert.equal(payload.federation_peer, "a");
    // So does the consumer: B names the system as it knows it, and the peer it came through.
    const consumerStatement = await jwtVerify(
      upstreamSaw["x-lgsp-consumer-assertion"] as string,
      createRemoteJWKSet(new URL(`${bIssuer}/jwks`)),
      { issuer: bIssuer, typ: "lgsp-consumer+jwt" },
    );
    assert.equal(consumerStatement.payload.sub, `a/${consumer.orgCode}/${consumer.systemCode}`);
    assert.equal(consumerStatement.payload.consumer_system, upstreamSaw["x-lgsp-consumer-system"]);
    assert.equal(consumerStatement.payload.federation_peer, "a");
    assert.equal(upstreamSaw[SIGNED_CALL_HEADER], undefined);
    const exchangeId = response.headers.get("x-lgsp-exchange-id")!;
    await evidenceLogOf(a.ctx).flush();
    await evidenceLogOf(b.ctx).flush();
    const onA = await exchangeRow(a.ctx.db, exchangeId);
    const onB = await exchangeRow(b.ctx.db, exchangeId);
    assert.ok(onA && onB, "both instances recorded the exchange");
    assert.equal(onA.outcome, "completed");
    assert.equal(onB.outcome, "completed");
    assert.equal(onA.status, 200);
    assert.equal(onB.correlation_id, "lien-bo-0001");
    assert.equal(onA.response_sha256, onB.response_sha256);
    assert.equal(onA.consumer_client_id, consumer.clientId);
    assert.equal(onB.consumer_client_id, `a/${consumer.orgCode}/${consumer.systemCode}`);
    assert.equal(onA.end_user, "CCCD:001099012345");
    assert.equal(onB.end_user, "CCCD:001099012345");
  });

  it("refuses a malformed end user at A, before anything crosses", async () => {
    const seenBefore = seen.length;
    const response = await fetch(`${gw}/citizens`, {
      headers: { authorization: `Bearer ${token}`, "x-lgsp-end-user": "<script>" },
    });
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    assert.equal(problem.errors[0]!.path, "header.x-lgsp-end-user");
    assert.equal(seen.length, seenBefore);
  });

  it("refuses at TLS a client whose certificate is not pinned", async () => {
    const stranger = await strangerCredential();
    const dispatcher = agentAs(stranger);
    await assert.rejects(request(`${bFederation}${gwPath}/citizens`, { dispatcher }));
    await dispatcher.close();
  });

  it("refuses a tampered, expired, foreign-signed or replayed statement with a problem", async () => {
    const dispatcher = agentAs(aIdentity);
    const path = `${gwPath}/citizens`;
    const base = { method: "GET", consumer, correlationId: "x" };
    const statement = (
      exchangeId: string,
      overrides: Partial<{ path: string; now: number }> = {},
    ) =>
      signCall(aIdentity.key, { ...base, path: overrides.path ?? path, exchangeId }, overrides.now);
    const send = async (jws: string) => {
      const response = await request(`${bFederation}${path}`, {
        dispatcher,
        headers: { [SIGNED_CALL_HEADER]: jws },
      });
      return {
        status: response.statusCode,
        body: (await response.body.json()) as Record<string, string>,
      };
    };
    const good = await statement("0192f000-0000-7000-8000-000000000001");
    assert.equal((await send(good)).status, 200);
    const replayed = await send(good);
    assert.equal(replayed.status, 401);
    assert.equal(replayed.body.federationError, "replayed");
    const tampered = await send(
      await statement("0192f000-0000-7000-8000-000000000002", { path: `${gwPath}/other` }),
    );
    assert.equal(tampered.body.federationError, "mismatch");
    assert.equal(tampered.body.code, "unauthenticated");
    const expired = await send(
      await statement("0192f000-0000-7000-8000-000000000003", { now: Date.now() - 10 * 60_000 }),
    );
    assert.equal(expired.body.federationError, "expired");
    const stranger = await strangerCredential();
    const foreign = await send(
      await signCall(stranger.key, {
        ...base,
        path,
        exchangeId: "0192f000-0000-7000-8000-000000000004",
      }),
    );
    assert.equal(foreign.body.federationError, "bad_signature");
    const [, header, , signature] = /^([^.]+)\.([^.]+)\.(.+)$/.exec(good)!;
    const forged = await send(
      `${header}.${Buffer.from(JSON.stringify({ ...base, path, exchangeId: "0192f000-0000-7000-8000-000000000005", consumer: { ...consumer, systemCode: "other" } })).toString("base64url")}.${signature}`,
    );
    assert.equal(forged.body.federationError, "bad_signature");
    assert.match(forged.body.detail!, /chữ ký không hợp lệ/);
    await dispatcher.close();
  });

  it("lists B's shared catalogue on A, read-only and marked with the peer", async () => {
    const org = await createTestOrganization(a.ctx.db);
    const clerk = await createTestUser(a, { organizationId: org.id, roles: ["clerk"] });
    const url = "/api/v1/exchange/federation/catalogue";
    assert.equal((await a.app.inject({ url })).statusCode, 401);
    const response = await a.app.inject({ url, headers: clerk.bearer });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<{ items: Record<string, unknown>[]; unreachable: string[] }>();
    assert.deepEqual(body.unreachable, []);
    const entry = body.items.find((e) => e.gatewayPath === gwPath);
    assert.ok(entry, "B's service is listed");
    assert.equal(entry.peer, "b");
    assert.equal(entry.baseUrl, undefined, "the provider's address is not shared");
  });

  it("lets only system administrators read and add peers, audited, with Vietnamese problems", async () => {
    const api = "/api/v1/exchange/federation";
    const org = await createTestOrganization(a.ctx.db);
    const orgAdmin = await createTestUser(a, { organizationId: org.id, roles: ["org_admin"] });
    const admin = await createTestUser(a, { organizationId: org.id, roles: ["system_admin"] });
    for (const url of [`${api}/peers`, `${api}/instance-certificate`]) {
      assert.equal((await a.app.inject({ url })).statusCode, 401);
      const refused = await a.app.inject({ url, headers: orgAdmin.bearer });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json<{ detail: string }>().detail, /quản trị viên hệ thống/);
    }
    const certificate = await a.app.inject({
      url: `${api}/instance-certificate`,
      headers: admin.bearer,
    });
    assert.equal(certificate.json<{ fingerprint: string }>().fingerprint, aIdentity.fingerprint);
    const stranger = await strangerCredential();
    const added = await a.app.inject({
      method: "POST",
      url: `${api}/peers`,
      headers: admin.bearer,
      payload: {
        name: "ndxp",
        url: "https://ndxp.example.gov.vn:8443",
        certificate: stranger.certificatePem,
        orgCodes: ["000.00.00.H01"],
      },
    });
    assert.equal(added.statusCode, 201, added.body);
    const duplicate = await a.app.inject({
      method: "POST",
      url: `${api}/peers`,
      headers: admin.bearer,
      payload: { ...added.json<Record<string, unknown>>(), id: undefined },
    });
    assert.equal(duplicate.statusCode, 400);
    const again = await a.app.inject({
      method: "POST",
      url: `${api}/peers`,
      headers: admin.bearer,
      payload: {
        name: "ndxp",
        url: "https://ndxp.example.gov.vn:8443",
        certificate: stranger.certificatePem,
        orgCodes: ["000.00.00.H01"],
      },
    });
    assert.equal(again.statusCode, 409);
    const { rows } = await sql<{ action: string }>`select action from core_audit
      where action = 'exchange.peer_added' and target_id = ${added.json<{ id: string }>().id}`.execute(
      a.ctx.db,
    );
    assert.equal(rows.length, 1);
  });

  it("suspends, resumes, re-pins and removes a peer, each change audited and taking effect at once", async () => {
    const api = "/api/v1/exchange/federation/peers";
    const org = await createTestOrganization(a.ctx.db);
    const admin = await createTestUser(a, { organizationId: org.id, roles: ["system_admin"] });
    const orgAdmin = await createTestUser(a, { organizationId: org.id, roles: ["org_admin"] });
    const peers = async () =>
      (await a.app.inject({ url: api, headers: admin.bearer })).json<
        {
          id: string;
          name: string;
          status: string;
          statusReason: string | null;
          fingerprint: string;
        }[]
      >();
    const peerB = (await peers()).find((p) => p.name === "b")!;
    const patch = (payload: Record<string, unknown>, headers = admin.bearer, id = peerB.id) =>
      a.app.inject({ method: "PATCH", url: `${api}/${id}`, headers, payload });
    const call = () => fetch(`${gw}/citizens`, { headers: { authorization: `Bearer ${token}` } });

    // Refused changes leave the peer as it was.
    const noReason = await patch({ status: "suspended" });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json<{ errors: { path: string }[] }>().errors[0]!.path, "body.reason");
    assert.equal(
      (await patch({ status: "suspended", reason: "x" }, orgAdmin.bearer)).statusCode,
      403,
    );
    assert.equal((await patch({ colour: "red" })).statusCode, 400);
    assert.equal((await patch({})).statusCode, 400);
    assert.equal((await patch({ url: "http://insecure.example" })).statusCode, 400);
    const unknown = await patch(
      { status: "active" },
      admin.bearer,
      "0192f000-0000-7000-8000-00000000dead",
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal((await peers()).find((p) => p.id === peerB.id)!.status, "active");
    assert.equal((await call()).status, 200);

    // Suspended on A: calls to B's agencies get 503 at once, and nothing reaches the provider.
    const suspended = await patch({ status: "suspended", reason: "Bảo trì kết nối liên thông" });
    assert.equal(suspended.statusCode, 200, suspended.body);
    assert.equal(
      suspended.json<{ statusReason: string }>().statusReason,
      "Bảo trì kết nối liên thông",
    );
    const seenBefore = seen.length;
    const refused = await fetch(`${gw}/citizens`, {
      headers: { authorization: `Bearer ${token}`, "accept-language": "vi" },
    });
    assert.equal(refused.status, 503);
    assert.match(((await refused.json()) as { detail: string }).detail, /đang tạm ngừng/);
    assert.equal(seen.length, seenBefore);

    // Resumed: the call crosses again.
    const resumed = await patch({ status: "active" });
    assert.equal(resumed.json<{ status: string; statusReason: null }>().statusReason, null);
    assert.equal((await call()).status, 200);

    // Suspended on B: A's certificate is no longer trusted there, on open connections too.
    const { rows: onB } = await sql<{
      id: string;
    }>`select id from xch_peers where name = 'a'`.execute(b.ctx.db);
    const aOnB = onB[0]!;
    await updatePeer({
      db: b.ctx.db,
      actor: systemActor,
      id: aOnB.id,
      input: { status: "suspended", reason: "Kiểm tra an ninh" },
    });
    const blocked = await call();
    assert.ok([403, 502].includes(blocked.status), `status ${blocked.status}`);
    assert.equal(seen.length, seenBefore + 1);
    const fresh = agentAs(aIdentity);
    await assert.rejects(request(`${bFederation}${gwPath}/citizens`, { dispatcher: fresh }));
    await fresh.close();
    await updatePeer({
      db: b.ctx.db,
      actor: systemActor,
      id: aOnB.id,
      input: { status: "active" },
    });
    assert.equal((await call()).status, 200);

    // Re-pinned to a certificate B does not hold: A refuses B's listener; pinned back, it works.
    const stranger = await strangerCredential();
    const repinned = await patch({ certificate: stranger.certificatePem });
    assert.equal(repinned.statusCode, 200, repinned.body);
    assert.notEqual(repinned.json<{ fingerprint: string }>().fingerprint, peerB.fingerprint);
    assert.equal((await call()).status, 502);
    assert.equal((await patch({ certificate: bIdentity.certificatePem })).statusCode, 200);
    assert.equal((await call()).status, 200);

    // Removed: no longer listed, and removing again is a 404.
    const other = await strangerCredential();
    const added = await a.app.inject({
      method: "POST",
      url: api,
      headers: admin.bearer,
      payload: {
        name: "bo-tai-chinh",
        url: "https://lgsp.mof.gov.vn:8443",
        certificate: other.certificatePem,
        orgCodes: ["000.00.00.G09"],
      },
    });
    const addedId = added.json<{ id: string }>().id;
    const remove = () =>
      a.app.inject({ method: "DELETE", url: `${api}/${addedId}`, headers: admin.bearer });
    assert.equal((await remove()).statusCode, 204);
    assert.equal((await remove()).statusCode, 404);
    assert.equal(
      (await peers()).find((p) => p.id === addedId),
      undefined,
    );

    const { rows } = await sql<{ action: string; details: { reason?: string } }>`
      select action, details from core_audit
      where target_type = 'exchange_peer' and target_id in (${peerB.id}, ${addedId})
      order by seq`.execute(a.ctx.db);
    const actions = rows.map((r) => r.action);
    assert.deepEqual(
      actions.filter((x) => x !== "exchange.peer_added"),
      [
        "exchange.peer_suspended",
        "exchange.peer_resumed",
        "exchange.peer_updated",
        "exchange.peer_updated",
        "exchange.peer_removed",
      ],
    );
    assert.equal(
      rows.find((r) => r.action === "exchange.peer_suspended")!.details.reason,
      "Bảo trì kết nối liên thông",
    );
  });
});
