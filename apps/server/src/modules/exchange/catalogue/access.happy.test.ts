import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import type { InformationSystem, Organization } from "../../directory/index.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import { findAccess, type AccessRequest, type AccessRight, type ServiceDetail } from "./index.ts";
import { createTestService } from "./testing.ts";

type Headers = { authorization: string };

describe("access rights: consumers ask, providers decide", () => {
  let platform: Platform;
  let provider: Organization;
  let consumer: Organization;
  let consumerSystem: InformationSystem;
  let service: ServiceDetail;
  let providerAdmin: Headers;
  let consumerAdmin: Headers;

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    provider = await createTestOrganization(db);
    consumer = await createTestOrganization(db);
    const providerSystem = await createTestInformationSystem(db, provider.id);
    consumerSystem = await createTestInformationSystem(db, consumer.id);
    service = await createTestService(db, providerSystem.id);
    const admin = async (organizationId: string) =>
      (await createTestUser(platform, { organizationId, roles: ["org_admin"] })).bearer;
    providerAdmin = await admin(provider.id);
    consumerAdmin = await admin(consumer.id);
  });
  after(() => platform.stop());

  const call = (method: "GET" | "POST", url: string, headers: Headers, payload?: object) =>
    platform.app.inject({
      method,
      url: `/api/v1/exchange${url}`,
      headers,
      ...(payload && { payload }),
    });

  const ask = async (endpoints?: string[]) => {
    const response = await call("POST", "/access-requests", consumerAdmin, {
      consumerSystemId: consumerSystem.id,
      serviceId: service.id,
      ...(endpoints && { endpoints }),
      purpose: "Xác minh nhân thân khi tiếp nhận hồ sơ",
      legalBasis: "Nghị định 47/2020/NĐ-CP",
      requestedExpiresAt: "2099-12-31T17:00:00.000Z",
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as AccessRequest;
  };

  it("approves a request from the provider's inbox, with expiry and limits, and the gateway lets the call through", async () => {
    const request = await ask(["GET /citizens/{id}"]);
    assert.equal(request.status, "pending");
    assert.equal(request.service.code, service.code);

    const inbox = await call("GET", "/access-requests?as=provider&status=pending", providerAdmin);
    assert.deepEqual(
      (inbox.json() as { items: AccessRequest[] }).items.map((r) => r.id),
      [request.id],
    );
    const mine = await call("GET", "/access-requests?as=consumer", consumerAdmin);
    assert.equal((mine.json() as { items: AccessRequest[] }).items[0]?.id, request.id);
    const seen = await call("GET", `/access-requests/${request.id}`, providerAdmin);
    assert.equal(seen.statusCode, 200);

    const approved = await call("POST", `/access-requests/${request.id}/approve`, providerAdmin, {
      expiresAt: "2098-01-01T00:00:00.000Z",
      rateLimitPerMinute: 120,
      dailyQuota: 50_000,
    });
    assert.equal(approved.statusCode, 200, approved.body);
    const decided = approved.json() as AccessRequest;
    assert.equal(decided.status, "approved");
    assert.ok(decided.rightId);

    for (const [headers, as] of [
      [consumerAdmin, "consumer"],
      [providerAdmin, "provider"],
    ] as const) {
      const rights = await call("GET", `/access-rights?as=${as}&state=active`, headers);
      const [right] = (rights.json() as { items: AccessRight[] }).items;
      assert.equal(right?.id, decided.rightId, as);
      assert.deepEqual(right?.endpoints, ["GET /citizens/{id}"]);
      assert.equal(right?.expiresAt, "2098-01-01T00:00:00.000Z");
      assert.equal(right?.rateLimitPerMinute, 120);
      assert.equal(right?.dailyQuota, 50_000);
      assert.equal(right?.state, "active");
    }
    const decision = await findAccess(platform.ctx, {
      consumerSystemId: consumerSystem.id,
      serviceId: service.id,
      method: "GET",
      path: "/citizens/001",
    });
    assert.ok("granted" in decision && decision.granted.rateLimitPerMinute === 120);
    const [entry] = await searchAudit(platform.ctx.db, {
      action: "exchange.access_approved",
      targetId: request.id,
      limit: 1,
    });
    assert.equal(entry?.organizationId, provider.id);
    assert.equal(entry?.details.rightId, decided.rightId);
  });

  it("keeps the requested expiry when the approver sets none", async () => {
    const request = await ask();
    const approved = await call(
      "POST",
      `/access-requests/${request.id}/approve`,
      providerAdmin,
      {},
    );
    const rightId = (approved.json() as AccessRequest).rightId;
    const rights = await call(
      "GET",
      `/access-rights?as=consumer&serviceId=${service.id}`,
      consumerAdmin,
    );
    const right = (rights.json() as { items: AccessRight[] }).items.find((r) => r.id === rightId);
    assert.equal(right?.expiresAt, "2099-12-31T17:00:00.000Z");
    assert.equal(right?.endpoints, null);
  });

  it("refuses with a reason, lets the requester withdraw, and audits both", async () => {
    const refused = await ask();
    const response = await call("POST", `/access-requests/${refused.id}/refuse`, providerAdmin, {
      reason: "Chưa có căn cứ pháp lý chia sẻ dữ liệu này",
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((response.json() as AccessRequest).status, "refused");
    assert.equal(
      (response.json() as AccessRequest).reason,
      "Chưa có căn cứ pháp lý chia sẻ dữ liệu này",
    );

    const withdrawn = await ask();
    const back = await call("POST", `/access-requests/${withdrawn.id}/withdraw`, consumerAdmin);
    assert.equal(back.statusCode, 200, back.body);
    assert.equal((back.json() as AccessRequest).status, "withdrawn");

    const actions = async (id: string) =>
      (await searchAudit(platform.ctx.db, { targetId: id, limit: 5 }))
        .map((e) => e.action)
        .reverse();
    assert.deepEqual(await actions(refused.id), [
      "exchange.access_requested",
      "exchange.access_refused",
    ]);
    assert.deepEqual(await actions(withdrawn.id), [
      "exchange.access_requested",
      "exchange.access_withdrawn",
    ]);
  });

  it("revokes a right with a reason; the gateway refuses the next call", async () => {
    const request = await ask();
    const approved = await call(
      "POST",
      `/access-requests/${request.id}/approve`,
      providerAdmin,
      {},
    );
    const rightId = (approved.json() as AccessRequest).rightId!;
    const revoked = await call("POST", `/access-rights/${rightId}/revoke`, providerAdmin, {
      reason: "Hệ thống sử dụng vi phạm quy chế khai thác",
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    const right = revoked.json() as AccessRight;
    assert.equal(right.state, "revoked");
    assert.equal(right.revokeReason, "Hệ thống sử dụng vi phạm quy chế khai thác");
    const listed = await call("GET", "/access-rights?as=provider&state=revoked", providerAdmin);
    assert.deepEqual(
      (listed.json() as { items: AccessRight[] }).items.map((r) => r.id),
      [rightId],
    );
    const [entry] = await searchAudit(platform.ctx.db, {
      action: "exchange.access_revoked",
      targetId: rightId,
      limit: 1,
    });
    assert.equal(entry?.details.reason, "Hệ thống sử dụng vi phạm quy chế khai thác");
  });

  it("pages through the inbox newest first", async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/access-requests?as=provider&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await call("GET", url, providerAdmin)).json() as {
        items: AccessRequest[];
        nextCursor: string | null;
      };
      ids.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(ids.length, 5);
    assert.deepEqual([...ids].sort().reverse(), ids);
  });
});
