import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import type { InformationSystem, Organization } from "../../directory/index.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import type { Service, ServiceDetail } from "./index.ts";
import { buildServiceInput, CITIZENS_OPENAPI, TEST_WSDL } from "./testing.ts";

const YAML_OPENAPI = `openapi: 3.1.0
info:
  title: Hộ tịch
  version: "2"
paths:
  /births/{so}:
    get:
      responses:
        "200": { description: Giấy khai sinh }
  /births:
    post:
      responses:
        "201": { description: Đã đăng ký }
`;

describe("catalogue: providers register, everyone finds", () => {
  let platform: Platform;
  let provider: Organization;
  let system: InformationSystem;
  let admin: { authorization: string };
  let reader: { authorization: string };
  let upstream: http.Server;
  let upstreamUrl: string;

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    provider = await createTestOrganization(db, { name: "Sở Tư pháp tỉnh Thử Nghiệm" });
    system = await createTestInformationSystem(db, provider.id, { code: "HOTICH" });
    admin = (await createTestUser(platform, { organizationId: provider.id, roles: ["org_admin"] }))
      .bearer;
    const elsewhere = await createTestOrganization(db);
    reader = (
      await createTestUser(platform, { organizationId: elsewhere.id, roles: ["specialist"] })
    ).bearer;
    upstream = http.createServer((request, response) => {
      if (request.url === "/openapi.yaml") return void response.end(YAML_OPENAPI);
      if (request.url === "/service?wsdl") return void response.end(TEST_WSDL);
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  after(async () => {
    upstream.close();
    await platform.stop();
  });

  const call = (method: "GET" | "POST" | "PATCH", url: string, headers: object, payload?: object) =>
    platform.app.inject({
      method,
      url: `/api/v1/exchange${url}`,
      headers: headers as Record<string, string>,
      ...(payload && { payload }),
    });

  it("registers a REST service with an OpenAPI object and lists its operations", async () => {
    const response = await call(
      "POST",
      "/services",
      admin,
      buildServiceInput(system.id, {
        code: "cong-dan",
        name: "Tra cứu công dân",
        sla: { availabilityPercent: 99.9, maxLatencyMs: 500, supportHours: "24/7" },
        contact: { name: "Phòng CNTT", email: "cntt@example.gov.vn" },
        documentationUrl: "https://docs.example.gov.vn/cong-dan",
        bodyLogging: "request",
      }),
    );
    assert.equal(response.statusCode, 201, response.body);
    const service = response.json() as ServiceDetail;
    assert.deepEqual(service.provider, {
      organizationId: provider.id,
      organizationCode: provider.code,
      organizationName: provider.name,
      systemId: system.id,
      systemCode: "HOTICH",
    });
    assert.deepEqual(service.operations, [
      "GET /citizens",
      "POST /citizens",
      "GET /citizens/{id}",
      "DELETE /citizens/{id}",
    ]);
    assert.deepEqual(service.openapi, CITIZENS_OPENAPI);
    assert.equal(service.sla.availabilityPercent, 99.9);
    assert.equal(service.timeoutMs, 30_000);
    assert.deepEqual(service.mediation, { mode: "none", xmlRoot: null });
    assert.equal(service.status, "active");

    const detail = await call("GET", `/services/${service.id}`, reader);
    assert.equal(detail.statusCode, 200);
    assert.deepEqual((detail.json() as ServiceDetail).operations, service.operations);
    const [entry] = await searchAudit(platform.ctx.db, {
      action: "exchange.service_registered",
      targetId: service.id,
      limit: 1,
    });
    assert.equal(entry?.organizationId, provider.id);
  });

  it("takes an OpenAPI description as YAML text, or fetches it from the provider", async () => {
    const uploaded = await call(
      "POST",
      "/services",
      admin,
      buildServiceInput(system.id, { code: "ho-tich", version: "v2", openapi: YAML_OPENAPI }),
    );
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    assert.deepEqual((uploaded.json() as ServiceDetail).operations, [
      "POST /births",
      "GET /births/{so}",
    ]);
    const withoutDescription = {
      ...buildServiceInput(system.id, {
        code: "ho-tich",
        version: "v3",
      }),
      openapi: undefined,
    };
    const fetched = await call("POST", "/services", admin, {
      ...withoutDescription,
      openapiUrl: `${upstreamUrl}/openapi.yaml`,
    });
    assert.equal(fetched.statusCode, 201, fetched.body);
    const service = fetched.json() as ServiceDetail;
    assert.equal(service.openapiSourceUrl, `${upstreamUrl}/openapi.yaml`);
    assert.equal((service.openapi as { info: { title: string } }).info.title, "Hộ tịch");
  });

  it("registers a SOAP 1.1 service with its WSDL, as text or fetched", async () => {
    const base = { ...buildServiceInput(system.id, { kind: "soap" }), openapi: undefined };
    const fromText = await call("POST", "/services", admin, {
      ...base,
      code: "khai-sinh",
      wsdl: TEST_WSDL,
    });
    assert.equal(fromText.statusCode, 201, fromText.body);
    const service = fromText.json() as ServiceDetail;
    assert.equal(service.kind, "soap");
    assert.equal(service.wsdl, TEST_WSDL);
    assert.deepEqual(service.operations, ["TraCuuKhaiSinh"]);
    const fetched = await call("POST", "/services", admin, {
      ...base,
      code: "khai-tu",
      wsdlUrl: `${upstreamUrl}/service?wsdl`,
    });
    assert.equal(fetched.statusCode, 201, fetched.body);
    assert.equal((fetched.json() as ServiceDetail).wsdlSourceUrl, `${upstreamUrl}/service?wsdl`);
  });

  it("finds services without accents, by provider name, code or words of the description", async () => {
    const search = async (query: string) => {
      const response = await call("GET", `/services?${query}`, reader);
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: Service[] }).items.map((s) => s.code);
    };
    assert.ok((await search("q=tra%20cuu%20cong%20dan")).includes("cong-dan"));
    assert.ok((await search("q=so%20tu%20phap%20thu%20nghiem")).includes("cong-dan"));
    assert.ok((await search("q=TRA%20C%E1%BB%A8U")).includes("cong-dan"));
    assert.ok((await search("q=hotich")).includes("cong-dan"));
    assert.deepEqual(await search("q=khong%20co%20dich%20vu%20nay"), []);
    const soap = await search(`providerOrganizationId=${provider.id}&kind=soap`);
    assert.deepEqual(soap.sort(), ["khai-sinh", "khai-tu"]);
  });

  it("pages through the catalogue with a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `providerOrganizationId=${provider.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await call("GET", `/services?${query}`, reader);
      const page = response.json() as { items: Service[]; nextCursor: string | null };
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 5);
    assert.equal(new Set(seen).size, 5);
  });

  it("changes, deprecates and retires a service, each change audited", async () => {
    const created = await call("POST", "/services", admin, buildServiceInput(system.id));
    const service = created.json() as ServiceDetail;
    const changed = await call("PATCH", `/services/${service.id}`, admin, {
      description: "Phiên bản cũ, dùng v2",
      openapi: YAML_OPENAPI,
      status: "deprecated",
      maxResponseBytes: 1024,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const after = changed.json() as ServiceDetail;
    assert.equal(after.status, "deprecated");
    assert.equal(after.maxResponseBytes, 1024);
    assert.deepEqual(after.operations, ["POST /births", "GET /births/{so}"]);
    assert.equal(after.code, service.code);

    const retired = await call("POST", `/services/${service.id}/retire`, admin, {
      reason: "Đã có phiên bản mới",
    });
    assert.equal(retired.statusCode, 200, retired.body);
    assert.equal((retired.json() as ServiceDetail).status, "retired");
    const listed = await call(
      "GET",
      `/services?status=retired&providerOrganizationId=${provider.id}`,
      reader,
    );
    assert.deepEqual(
      (listed.json() as { items: Service[] }).items.map((s) => s.id),
      [service.id],
    );
    const entries = await searchAudit(platform.ctx.db, { targetId: service.id, limit: 10 });
    assert.deepEqual(entries.map((e) => e.action).reverse(), [
      "exchange.service_registered",
      "exchange.service_updated",
      "exchange.service_retired",
    ]);
    assert.equal(entries[0]!.details.reason, "Đã có phiên bản mới");
  });

  it("sets JSON↔XML mediation for a legacy provider, with its root element or the default", async () => {
    const created = await call(
      "POST",
      "/services",
      admin,
      buildServiceInput(system.id, { mediation: { mode: "json-xml" } }),
    );
    assert.equal(created.statusCode, 201, created.body);
    const service = created.json() as ServiceDetail;
    assert.deepEqual(service.mediation, { mode: "json-xml", xmlRoot: "jsonObject" });
    const rooted = await call("PATCH", `/services/${service.id}`, admin, {
      mediation: { mode: "json-xml", xmlRoot: "hoSoYeuCau" },
    });
    assert.equal(rooted.statusCode, 200, rooted.body);
    assert.deepEqual((rooted.json() as ServiceDetail).mediation, {
      mode: "json-xml",
      xmlRoot: "hoSoYeuCau",
    });
    const untouched = await call("PATCH", `/services/${service.id}`, admin, { name: "Đổi tên" });
    assert.equal((untouched.json() as ServiceDetail).mediation.xmlRoot, "hoSoYeuCau");
    const plain = await call("PATCH", `/services/${service.id}`, admin, {
      mediation: { mode: "none" },
    });
    assert.deepEqual((plain.json() as ServiceDetail).mediation, { mode: "none", xmlRoot: null });
  });
});
