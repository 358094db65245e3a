import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import type { InformationSystem } from "../../directory/index.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import type { AccessRequest, ServiceDetail } from "./index.ts";
import { createTestService, TEST_WSDL } from "./testing.ts";

type Headers = { authorization: string };

describe("access rights: refused requests and decisions", () => {
  let platform: Platform;
  let consumerSystem: InformationSystem;
  let service: ServiceDetail;
  let soap: ServiceDetail;
  let providerAdmin: Headers;
  let consumerAdmin: Headers;

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const provider = await createTestOrganization(db);
    const consumer = await createTestOrganization(db);
    const providerSystem = await createTestInformationSystem(db, provider.id);
    consumerSystem = await createTestInformationSystem(db, consumer.id);
    service = await createTestService(db, providerSystem.id);
    soap = await createTestService(db, providerSystem.id, {
      kind: "soap",
      openapi: undefined,
      wsdl: TEST_WSDL,
    });
    providerAdmin = (
      await createTestUser(platform, { organizationId: provider.id, roles: ["org_admin"] })
    ).bearer;
    consumerAdmin = (
      await createTestUser(platform, { organizationId: consumer.id, roles: ["org_admin"] })
    ).bearer;
  });
  after(() => platform.stop());

  const call = (url: string, headers: Headers, payload?: object) =>
    platform.app.inject({
      method: "POST",
      url: `/api/v1/exchange${url}`,
      headers,
      ...(payload && { payload }),
    });
  const body = (overrides: object = {}) => ({
    consumerSystemId: consumerSystem.id,
    serviceId: service.id,
    purpose: "Tra cứu",
    legalBasis: "Quy chế",
    ...overrides,
  });
  const written = async () =>
    (
      await sql<{ n: number }>`select (select count(*) from xch_access_requests)
        + (select count(*) from xch_access_rights)
        + (select count(*) from core_audit where action like 'exchange.%') as n`.execute(
        platform.ctx.db,
      )
    ).rows[0]!.n;

  it("refuses malformed requests with 400 and domain mistakes with 422, writing nothing", async () => {
    const before = await written();
    for (const payload of [
      body({ extra: 1 }),
      body({ endpoints: ["FETCH /citizens"] }),
      body({ endpoints: ["GET citizens"] }),
      body({ endpoints: [] }),
      body({ purpose: "" }),
      body({ requestedExpiresAt: "tomorrow" }),
    ]) {
      const response = await call("/access-requests", consumerAdmin, payload);
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
    }
    for (const [payload, words] of [
      [body({ endpoints: ["GET /citizens/{id}/photo"] }), "không có thao tác"],
      [body({ serviceId: soap.id, endpoints: ["POST /"] }), "SOAP"],
      [body({ requestedExpiresAt: "2020-01-01T00:00:00Z" }), "tương lai"],
      [body({ serviceId: "0190c6a2-0000-7000-8000-000000000000" }), "Không tìm thấy dịch vụ"],
      [body({ consumerSystemId: "0190c6a2-0000-7000-8000-000000000000" }), "Hệ thống sử dụng"],
    ] as const) {
      const response = await call("/access-requests", consumerAdmin, payload);
      assert.equal(response.statusCode, 422, response.body);
      assert.ok(response.json().detail.includes(words), `${response.json().detail} / ${words}`);
    }
    assert.equal(await written(), before);
  });

  it("allows one pending request per system and service (409), and one decision per request", async () => {
    const first = await call("/access-requests", consumerAdmin, body());
    assert.equal(first.statusCode, 201, first.body);
    const id = (first.json() as AccessRequest).id;
    const before = await written();
    const again = await call("/access-requests", consumerAdmin, body());
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, "conflict");

    const noReason = await call(`/access-requests/${id}/refuse`, providerAdmin, {});
    assert.equal(noReason.statusCode, 400);
    const pastExpiry = await call(`/access-requests/${id}/approve`, providerAdmin, {
      expiresAt: "2001-01-01T00:00:00Z",
    });
    assert.equal(pastExpiry.statusCode, 422);
    const badQuota = await call(`/access-requests/${id}/approve`, providerAdmin, { dailyQuota: 0 });
    assert.equal(badQuota.statusCode, 400);
    assert.equal(await written(), before);

    assert.equal((await call(`/access-requests/${id}/approve`, providerAdmin, {})).statusCode, 200);
    const twice = await call(`/access-requests/${id}/approve`, providerAdmin, {});
    assert.equal(twice.statusCode, 409);
    assert.equal((await call(`/access-requests/${id}/withdraw`, consumerAdmin)).statusCode, 409);
    const rightId = (twice.statusCode === 409 &&
      (
        await sql<{
          id: string;
        }>`select id from xch_access_rights where request_id = ${id}`.execute(platform.ctx.db)
      ).rows[0]!.id)!;
    const reason = { reason: "Thu hồi" };
    assert.equal(
      (await call(`/access-rights/${rightId}/revoke`, providerAdmin, reason)).statusCode,
      200,
    );
    assert.equal(
      (await call(`/access-rights/${rightId}/revoke`, providerAdmin, reason)).statusCode,
      409,
    );
  });

  it("refuses access to a retired service", async () => {
    const retired = await createTestService(platform.ctx.db, service.provider.systemId);
    const retire = await call(`/services/${retired.id}/retire`, providerAdmin, { reason: "Ngừng" });
    assert.equal(retire.statusCode, 200);
    const response = await call("/access-requests", consumerAdmin, body({ serviceId: retired.id }));
    assert.equal(response.statusCode, 422);
  });

  it("answers 404 for unknown requests and rights, 400 for a bad cursor", async () => {
    const unknown = "0190c6a2-0000-7000-8000-000000000000";
    assert.equal(
      (await call(`/access-requests/${unknown}/approve`, providerAdmin, {})).statusCode,
      404,
    );
    assert.equal(
      (await call(`/access-rights/${unknown}/revoke`, providerAdmin, { reason: "x" })).statusCode,
      404,
    );
    const cursor = await platform.app.inject({
      method: "GET",
      url: "/api/v1/exchange/access-requests?as=provider&cursor=bm9wZQ",
      headers: providerAdmin,
    });
    assert.equal(cursor.statusCode, 400);
    const side = await platform.app.inject({
      method: "GET",
      url: "/api/v1/exchange/access-rights?as=owner",
      headers: providerAdmin,
    });
    assert.equal(side.statusCode, 400);
  });
});
