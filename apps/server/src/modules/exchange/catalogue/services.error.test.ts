import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { AppError } from "../../../core/errors.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import type { InformationSystem } from "../../directory/index.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import { fetchDescription, MAX_DESCRIPTION_BYTES, parseOpenApi } from "./descriptions.ts";
import { buildServiceInput, TEST_WSDL } from "./testing.ts";

describe("catalogue: refused registrations", () => {
  let platform: Platform;
  let system: InformationSystem;
  let admin: { authorization: string };
  let upstream: http.Server;
  let upstreamUrl: string;

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const provider = await createTestOrganization(db);
    system = await createTestInformationSystem(db, provider.id);
    admin = (await createTestUser(platform, { organizationId: provider.id, roles: ["org_admin"] }))
      .bearer;
    upstream = http.createServer((request, response) => {
      if (request.url === "/huge") {
        response.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let sent = 0; sent <= MAX_DESCRIPTION_BYTES; sent += chunk.length)
          response.write(chunk);
        return void response.end();
      }
      if (request.url === "/slow") return void setTimeout(() => response.end("{}"), 2000);
      if (request.url === "/swagger")
        return void response.end('{"swagger":"2.0","info":{},"paths":{}}');
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  after(async () => {
    upstream.closeAllConnections();
    upstream.close();
    await platform.stop();
  });

  const register = (payload: object) =>
    platform.app.inject({
      method: "POST",
      url: "/api/v1/exchange/services",
      headers: admin,
      payload,
    });

  const written = async () =>
    (
      await sql<{ n: number }>`select (select count(*) from xch_services)
        + (select count(*) from core_audit where action like 'exchange.%') as n`.execute(
        platform.ctx.db,
      )
    ).rows[0]!.n;

  it("refuses unknown fields and malformed values with 400 validation_failed", async () => {
    const before = await written();
    for (const payload of [
      { ...buildServiceInput(system.id), extra: true },
      { ...buildServiceInput(system.id), kind: "graphql" },
      { ...buildServiceInput(system.id), code: "có dấu" },
      { ...buildServiceInput(system.id), baseUrl: "ftp://files.example.gov.vn/" },
      { ...buildServiceInput(system.id), openapiUrl: "file:///etc/passwd", openapi: undefined },
      { ...buildServiceInput(system.id), timeoutMs: 10 },
      { ...buildServiceInput(system.id), sla: { availabilityPercent: 120 } },
    ]) {
      const response = await register(payload);
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
      assert.equal(response.json().code, "validation_failed");
    }
    assert.equal(await written(), before);
  });

  it("refuses a mediation setting that is malformed or cannot apply, in Vietnamese", async () => {
    const before = await written();
    for (const mediation of [
      { mode: "xslt" },
      { mode: "json-xml", xmlRoot: "xmlGoc" },
      { mode: "json-xml", xmlRoot: "hồSơ" },
      { mode: "json-xml", xmlRoot: "" },
      { mode: "json-xml", root: "hoSo" },
      "json-xml",
    ]) {
      const response = await register({ ...buildServiceInput(system.id), mediation });
      assert.equal(response.statusCode, 400, `${JSON.stringify(mediation)}: ${response.body}`);
      const problem = response.json();
      assert.equal(problem.code, "validation_failed");
      assert.equal(problem.title, "Dữ liệu gửi lên không hợp lệ");
      assert.ok(
        problem.errors.some((e: { path: string }) => e.path.startsWith("body.mediation")),
        response.body,
      );
    }
    for (const [payload, path, words] of [
      [
        buildServiceInput(system.id, { mediation: { mode: "none", xmlRoot: "hoSo" } }),
        "body.mediation.xmlRoot",
        "Chỉ khai báo tên phần tử gốc XML",
      ],
      [
        {
          ...buildServiceInput(system.id, { kind: "soap", wsdl: TEST_WSDL }),
          openapi: undefined,
          mediation: { mode: "json-xml" },
        },
        "body.mediation.mode",
        "chỉ áp dụng cho dịch vụ REST",
      ],
    ] as const) {
      const response = await register(payload);
      assert.equal(response.statusCode, 422, response.body);
      const problem = response.json();
      assert.equal(problem.code, "unprocessable");
      assert.ok(problem.detail.includes(words), problem.detail);
      assert.equal(problem.errors[0].path, path);
    }
    assert.equal(await written(), before);
  });

  it("refuses a description that is not OpenAPI 3 with 422 and a Vietnamese sentence", async () => {
    const before = await written();
    for (const [openapi, words] of [
      ["{ not json: [", "không đọc được"],
      ['{"swagger":"2.0","info":{},"paths":{}}', "3.x"],
      [{ openapi: "3.0.0", paths: {} }, '"info"'],
      [{ openapi: "3.0.0", info: { title: "x", version: "1" } }, '"paths"'],
      [{ openapi: "3.0.0", info: {}, paths: { citizens: {} } }, 'bắt đầu bằng "/"'],
      ["- just\n- a list", "đối tượng"],
    ] as const) {
      const response = await register(buildServiceInput(system.id, { openapi }));
      assert.equal(response.statusCode, 422, response.body);
      const problem = response.json();
      assert.equal(problem.code, "unprocessable");
      assert.ok(problem.detail.includes(words), `${problem.detail} should say ${words}`);
      assert.equal(problem.errors[0].path, "body.openapi");
    }
    const english = await platform.app.inject({
      method: "POST",
      url: "/api/v1/exchange/services",
      headers: { ...admin, "accept-language": "en" },
      payload: buildServiceInput(system.id, { openapi: { openapi: "2.0", info: {}, paths: {} } }),
    });
    assert.match(english.json().detail, /must declare "openapi" version 3\.x/);
    assert.equal(await written(), before);
  });

  it("says why a description could not be fetched", async () => {
    const base = { ...buildServiceInput(system.id), openapi: undefined };
    const before = await written();
    for (const [url, words] of [
      [`${upstreamUrl}/missing`, "trả lời mã 404"],
      [`${upstreamUrl}/huge`, "vượt quá 2 MB"],
      [`${upstreamUrl}/swagger`, "3.x"],
      ["http://127.0.0.1:1/openapi.json", "Không kết nối được"],
      ["http://user:secret@127.0.0.1/openapi.json", "tên đăng nhập"],
    ] as const) {
      const response = await register({ ...base, openapiUrl: url });
      assert.equal(response.statusCode, 422, `${url}: ${response.body}`);
      assert.ok(response.json().detail.includes(words), `${response.json().detail} / ${words}`);
      assert.ok(!response.body.includes("secret"), "no credentials echoed");
    }
    assert.equal(await written(), before);
  });

  it("gives up on a slow provider after the time limit", async () => {
    await assert.rejects(
      fetchDescription(`${upstreamUrl}/slow`, "body.openapiUrl", 200),
      (error) =>
        error instanceof AppError &&
        error.code === "unprocessable" &&
        /0\.2 giây/.test(error.detail!.vi),
    );
  });

  it("refuses a description of the wrong kind, and a SOAP service without WSDL", async () => {
    const base = { ...buildServiceInput(system.id), openapi: undefined };
    const cases = [
      { ...base, wsdl: TEST_WSDL },
      { ...base, kind: "soap" },
      { ...base, kind: "soap", openapi: { openapi: "3.0.0", info: {}, paths: {} } },
      { ...base, kind: "soap", wsdl: "<html><body>not a wsdl</body></html>" },
      {
        ...base,
        openapi: { openapi: "3.0.0", info: {}, paths: {} },
        openapiUrl: `${upstreamUrl}/x`,
      },
    ];
    for (const payload of cases) {
      const response = await register(payload);
      assert.equal(
        response.statusCode,
        422,
        `${JSON.stringify(payload).slice(0, 80)}: ${response.body}`,
      );
    }
  });

  it("refuses a second service with the same code and version on one system with 409", async () => {
    const input = buildServiceInput(system.id, { code: "trung-lap" });
    assert.equal((await register(input)).statusCode, 201);
    const before = await written();
    const duplicate = await register({ ...input, name: "Tên khác" });
    assert.equal(duplicate.statusCode, 409, duplicate.body);
    assert.equal(duplicate.json().code, "conflict");
    assert.match(duplicate.json().detail, /trung-lap/);
    assert.equal(await written(), before);
    assert.equal((await register({ ...input, version: "v2" })).statusCode, 201);
  });

  it("refuses changes to a retired service, a second retirement, and unknown ids", async () => {
    const created = await register(buildServiceInput(system.id));
    const id = created.json().id as string;
    const retire = () =>
      platform.app.inject({
        method: "POST",
        url: `/api/v1/exchange/services/${id}/retire`,
        headers: admin,
        payload: { reason: "Ngừng" },
      });
    assert.equal((await retire()).statusCode, 200);
    assert.equal((await retire()).statusCode, 422);
    const patch = await platform.app.inject({
      method: "PATCH",
      url: `/api/v1/exchange/services/${id}`,
      headers: admin,
      payload: { name: "Mới" },
    });
    assert.equal(patch.statusCode, 422);
    const blank = await platform.app.inject({
      method: "POST",
      url: `/api/v1/exchange/services/${id}/retire`,
      headers: admin,
      payload: { reason: "   " },
    });
    assert.equal(blank.statusCode, 400);
    const unknown = await platform.app.inject({
      method: "GET",
      url: "/api/v1/exchange/services/0190c6a2-0000-7000-8000-000000000000",
      headers: admin,
    });
    assert.equal(unknown.statusCode, 404);
    const unknownSystem = await register(buildServiceInput("0190c6a2-0000-7000-8000-000000000000"));
    assert.equal(unknownSystem.statusCode, 422);
  });

  it("parses YAML with aliases only within a bound", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 200 }, (_, i) => `k${i}: *a`).join("\n")}`;
    assert.throws(
      () => parseOpenApi(bomb),
      (error) => error instanceof AppError,
    );
  });
});
