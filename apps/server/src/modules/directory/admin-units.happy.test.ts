import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { AdminUnit } from "./schema.ts";

type Page = { items: AdminUnit[]; nextCursor: string | null };

describe("administrative units", () => {
  let platform: Platform;
  before(async () => {
    platform = await createTestPlatform();
  });
  after(() => platform.stop());

  const list = async (query: string): Promise<Page> => {
    const response = await platform.app.inject({
      method: "GET",
      url: `/api/v1/directory/admin-units?${query}`,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Page;
  };

  it("lists the 34 provinces in force since 1 July 2025", async () => {
    const page = await list("level=province&limit=200");
    assert.equal(page.items.length, 34);
    assert.equal(page.nextCursor, null);
    const hanoi = page.items.find((u) => u.code === "01");
    assert.deepEqual(hanoi, {
      code: "01",
      name: "Hà Nội",
      fullName: "Thành phố Hà Nội",
      nameEn: "Hanoi",
      level: "province",
      unitType: "Thành phố",
      provinceCode: null,
      validFrom: "2025-07-01",
      validTo: null,
    });
  });

  it("pages through all 3,321 communes with the cursor", async () => {
    const codes: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: Page = await list(`level=commune&limit=200${cursor ? `&cursor=${cursor}` : ""}`);
      codes.push(...page.items.map((u) => u.code));
      cursor = page.nextCursor;
    }
    assert.equal(codes.length, 3321);
    assert.equal(new Set(codes).size, 3321);
    assert.deepEqual([...codes].sort(), codes);
  });

  it("filters communes by province and finds them without accents", async () => {
    const page = await list("provinceCode=01&q=ba%20dinh");
    assert.deepEqual(
      page.items.map((u) => u.fullName),
      ["Phường Ba Đình"],
    );
    assert.equal(page.items[0]?.provinceCode, "01");
  });

  it("knows nothing before the 2025 reform took effect", async () => {
    assert.equal((await list("level=province&at=2025-06-30")).items.length, 0);
    assert.equal((await list("level=province&at=2025-07-01&limit=200")).items.length, 34);
  });

  it("returns one unit by code", async () => {
    const response = await platform.app.inject({
      method: "GET",
      url: "/api/v1/directory/admin-units/00004",
    });
    assert.equal(response.statusCode, 200);
    assert.equal((response.json() as AdminUnit).fullName, "Phường Ba Đình");
  });
});
