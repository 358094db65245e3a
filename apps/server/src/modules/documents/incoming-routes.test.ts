import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";

type Headers = Record<string, string>;
const BASE = "/api/v1/documents";

describe("documents API: the inbox and the work on incoming documents", () => {
  let platform: Platform;
  let ours: Organization;
  let sender: Organization;
  let clerk: Headers;
  let leader: Headers;
  let specialist: Headers;
  let specialistId: string;
  let otherClerk: Headers;
  let pdf: Uint8Array;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    ours = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ thử nghiệm" });
    sender = await createTestOrganization(db, { shortName: "VPCP", name: "Văn phòng thử nghiệm" });
    const other = await createTestOrganization(db, { shortName: "STP" });
    clerk = (await createTestUser(platform, { organizationId: ours.id, roles: ["clerk"] })).bearer;
    leader = (await createTestUser(platform, { organizationId: ours.id, roles: ["leader"] }))
      .bearer;
    const person = await createTestUser(platform, {
      organizationId: ours.id,
      roles: ["specialist"],
    });
    specialist = person.bearer;
    specialistId = person.user.id;
    otherClerk = (await createTestUser(platform, { organizationId: other.id, roles: ["clerk"] }))
      .bearer;
    pdf = await signedTestPdf(platform.ctx);
  });
  after(() => platform.stop());

  const post = (url: string, headers: Headers, payload?: object) =>
    platform.app.inject({ method: "POST", url: `${BASE}${url}`, headers, payload: payload ?? {} });
  const get = (url: string, headers: Headers) =>
    platform.app.inject({ method: "GET", url: `${BASE}${url}`, headers });
  const upload = (xml: string, headers: Headers) =>
    platform.app.inject({
      method: "POST",
      url: `${BASE}/inbox`,
      headers: { ...headers, "content-type": "application/xml" },
      payload: xml,
    });
  const newPackage = () => sealedEdocPackage(platform.ctx, buildTestEdoc(sender, [ours]), pdf);

  it("takes a clerk's upload (202), knows it again (200), and explains a malformed package", async () => {
    const xml = await newPackage();
    assert.equal((await upload(xml, {})).statusCode, 401);
    assert.equal((await upload(xml, specialist)).statusCode, 403);
    const first = await upload(xml, clerk);
    assert.equal(first.statusCode, 202, first.body);
    assert.equal(first.json().outcome, "arrived");
    const again = await upload(xml, clerk);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().outcome, "duplicate");
    assert.equal(again.json().documents[0].id, first.json().documents[0].id);

    const broken = await upload("<edXML><edXMLEnvelope>", clerk);
    assert.equal(broken.statusCode, 400);
    assert.match(String(broken.headers["content-type"]), /^application\/problem\+json/);
    assert.match(broken.json().detail, /Gói tin không đọc được/);
    const english = await platform.app.inject({
      method: "POST",
      url: `${BASE}/inbox`,
      headers: { ...clerk, "content-type": "application/xml", "accept-language": "en" },
      payload: "<edXML><edXMLEnvelope>",
    });
    assert.match(english.json().detail, /The package cannot be read/);
    // Over a real socket too, the body streamed in chunks.
    const overHttp = await fetch(`${platform.ctx.config.publicUrl}${BASE}/inbox`, {
      method: "POST",
      headers: { ...clerk, "content-type": "application/xml; charset=utf-8" },
      body: await newPackage(),
    });
    assert.equal(overHttp.status, 202, await overHttp.clone().text());
    assert.equal(((await overHttp.json()) as { outcome: string }).outcome, "arrived");
    const json = await post("/inbox", clerk, { xml });
    assert.equal(json.statusCode, 415);
  });

  it("lists, shows and serves the files of a received document to its organization only", async () => {
    const received = await upload(await newPackage(), clerk);
    const id = received.json().documents[0].id as string;
    const list = await get("/documents?direction=incoming&status=arrived", clerk);
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.some((d: { id: string }) => d.id === id));
    const detail = await get(`/documents/${id}`, specialist);
    assert.equal(detail.statusCode, 200);
    const pdfFile = detail.json().files.find((f: { role: string }) => f.role === "attachment");
    const file = await get(`/documents/${id}/files/${pdfFile.id}`, specialist);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers["content-type"], "application/pdf");
    assert.match(String(file.headers["content-disposition"]), /filename\*=UTF-8''/);
    assert.deepEqual(new Uint8Array(file.rawPayload), pdf);
    const validation = await get(`/documents/${id}/validation`, specialist);
    assert.equal(validation.statusCode, 200);
    assert.deepEqual(
      validation
        .json()
        .items.map((v: { target: string; indication: string }) => [v.target, v.indication]),
      [
        ["pdf", "TOTAL_PASSED"],
        ["package", "TOTAL_PASSED"],
      ],
    );

    for (const url of [
      `/documents/${id}`,
      `/documents/${id}/files/${pdfFile.id}`,
      `/documents/${id}/validation`,
      `/documents/${id}/handling`,
    ]) {
      assert.equal((await get(url, otherClerk)).statusCode, 404, url);
      assert.equal((await get(url, {})).statusCode, 401, url);
    }
    assert.equal((await get("/documents", {})).statusCode, 401);
  });

  it("runs accept, assign, comment and complete over HTTP, refusing the wrong roles and organizations", async () => {
    const id = (await upload(await newPackage(), clerk)).json().documents[0].id as string;
    const routes: [string, object][] = [
      [`/documents/${id}/accept`, {}],
      [`/documents/${id}/reject`, { reason: "Sai" }],
      [`/documents/${id}/assign`, { mainUserId: specialistId }],
      [`/documents/${id}/start`, {}],
      [`/documents/${id}/comments`, { body: "Ý kiến" }],
      [`/documents/${id}/links`, { relatedId: id }],
      [`/documents/${id}/complete`, { note: "Xong" }],
    ];
    for (const [url, body] of routes) {
      assert.equal((await post(url, {}, body)).statusCode, 401, url);
      assert.equal((await post(url, otherClerk, body)).statusCode, 404, url);
    }
    assert.equal((await post(`/documents/${id}/accept`, specialist)).statusCode, 403);
    const accepted = await post(`/documents/${id}/accept`, clerk, { note: "Bản gốc" });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, "accepted");

    assert.equal(
      (await post(`/documents/${id}/assign`, clerk, { mainUserId: specialistId })).statusCode,
      403,
    );
    const assigned = await post(`/documents/${id}/assign`, leader, {
      direction: "Giao chuyên viên tham mưu.",
      mainUserId: specialistId,
      dueDate: "2099-01-15",
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().assignment.mainUser.id, specialistId);
    const comment = await post(`/documents/${id}/comments`, specialist, { body: "Đang xử lý." });
    assert.equal(comment.statusCode, 201);
    const handling = await get(`/documents/${id}/handling`, specialist);
    assert.equal(handling.json().comments[0].body, "Đang xử lý.");
    assert.equal((await post(`/documents/${id}/complete`, specialist, {})).statusCode, 400);
    const done = await post(`/documents/${id}/complete`, specialist, { note: "Đã trả lời." });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, "done");
    const rejected = await post(`/documents/${id}/reject`, clerk, { reason: "Muộn" });
    assert.equal(rejected.statusCode, 422);
  });

  it("documents the inbox and the document routes in OpenAPI", async () => {
    const spec = (await platform.app.inject("/api/docs/json")).json() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    for (const path of [
      "/api/v1/documents/documents",
      "/api/v1/documents/documents/{id}",
      "/api/v1/documents/documents/{id}/files/{fileId}",
      "/api/v1/documents/documents/{id}/validation",
      "/api/v1/documents/documents/{id}/handling",
      "/api/v1/documents/documents/{id}/accept",
      "/api/v1/documents/documents/{id}/assign",
      "/api/v1/documents/documents/{id}/complete",
    ])
      assert.ok(spec.paths[path], path);
    assert.ok(spec.paths["/api/v1/documents/inbox"]?.post?.requestBody?.content["application/xml"]);
  });
});
