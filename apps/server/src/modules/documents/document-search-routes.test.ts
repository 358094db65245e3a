import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { receivePackage } from "./incoming.ts";
import { buildTestEdoc, sealedEdocPackage, signedTestPdf } from "./incoming-testing.ts";

type Headers = Record<string, string>;
type Page = {
  items: { id: string; subject: string; snippet: { field: string; text: string } | null }[];
  nextCursor: string | null;
};

describe("documents API: GET /api/v1/documents/search", () => {
  let platform: Platform;
  let ours: Organization;
  let specialist: Headers;
  let otherClerk: Headers;
  let documentId: string;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    ours = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ thử nghiệm" });
    const sender = await createTestOrganization(db, {
      shortName: "VPCP",
      name: "Văn phòng Chính phủ thử nghiệm",
    });
    const other = await createTestOrganization(db, { shortName: "STP" });
    specialist = (
      await createTestUser(platform, { organizationId: ours.id, roles: ["specialist"] })
    ).bearer;
    otherClerk = (await createTestUser(platform, { organizationId: other.id, roles: ["clerk"] }))
      .bearer;
    const xml = await sealedEdocPackage(
      platform.ctx,
      buildTestEdoc(sender, [ours]),
      await signedTestPdf(platform.ctx),
    );
    const outcome = await receivePackage(platform.ctx, {
      source: new TextEncoder().encode(xml),
      via: "lgsp",
      actor: null,
    });
    assert.equal(outcome.kind, "edoc");
    documentId = outcome.kind === "edoc" ? outcome.documents[0]!.id : "";
  });
  after(() => platform.stop());

  const search = (query: string, headers: Headers) =>
    platform.app.inject({ method: "GET", url: `/api/v1/documents/search?${query}`, headers });

  it("answers the organization's people with hits and snippets", async () => {
    const response = await search(
      `q=${encodeURIComponent("chuyen doi so van phong chinh phu")}&direction=incoming&limit=5`,
      specialist,
    );
    assert.equal(response.statusCode, 200);
    const page = response.json<Page>();
    assert.deepEqual(
      page.items.map((i) => i.id),
      [documentId],
    );
    // The sender's name holds four of the words, the subject three.
    assert.equal(page.items[0]!.snippet?.field, "sender");
    assert.equal(page.nextCursor, null);
  });

  it("refuses the unauthenticated and shows another organization nothing", async () => {
    const anonymous = await search("q=chuyen", {});
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.headers["content-type"], "application/problem+json; charset=utf-8");
    const theirs = await search("q=chuyen+doi+so", otherClerk);
    assert.equal(theirs.statusCode, 200);
    assert.deepEqual(theirs.json<Page>().items, []);
    const asked = await search(`q=chuyen&organizationId=${ours.id}`, otherClerk);
    assert.equal(asked.statusCode, 404);
  });

  it("answers bad filters with problem details", async () => {
    for (const query of [
      "from=2026-13-01",
      "from=2026-12-01&to=2026-11-01",
      "status=lost",
      "urgency=soon",
      "limit=1000",
      "cursor=not-a-cursor",
      "page=2",
      "typeCode=Q%C4%90-1",
    ]) {
      const response = await search(query, specialist);
      assert.equal(response.statusCode, 400, query);
      assert.match(String(response.headers["content-type"]), /^application\/problem\+json/);
      const problem = response.json<{ code: string; errors: { path: string }[] }>();
      assert.equal(problem.code, "validation_failed", query);
      assert.match(problem.errors[0]!.path, /^querystring/, query);
    }
    // Type codes with Vietnamese letters (Quyết định: QĐ) are type codes.
    assert.equal(
      (await search(`typeCode=${encodeURIComponent("QĐ")}`, specialist)).statusCode,
      200,
    );
  });
});
