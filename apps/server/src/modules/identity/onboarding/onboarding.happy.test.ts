import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { InjectOptions } from "fastify";
import ExcelJS from "exceljs";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import { readImportFile, XLSX_TYPE, CSV_TYPE } from "./import-file.ts";
import { buildCsv, buildXlsx, tokenOf, upload } from "./testing.ts";

const PUBLIC_URL = "https://lienthong.example.gov.vn";
const GOOD_PASSWORD = "Sông-Hồng-chảy-qua-2026";

describe("onboarding: accounts for other agencies", () => {
  let platform: Platform;
  let province: { id: string; code: string; name: string };
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  before(async () => {
    platform = await createTestPlatform({ config: { publicUrl: PUBLIC_URL } });
    const ministry = await createTestOrganization(platform.ctx.db);
    province = await createTestOrganization(platform.ctx.db, { name: "Sở Nội vụ tỉnh Thử Nghiệm" });
    admin = await createTestUser(platform, {
      organizationId: ministry.id,
      roles: ["system_admin"],
    });
  });
  after(() => platform?.stop());

  const inject = (options: InjectOptions) => platform.app.inject(options);
  const login = (username: string, password: string, ip: string) =>
    inject({
      method: "POST",
      url: "/api/v1/identity/login",
      payload: { username, password },
      remoteAddress: ip,
    });

  it("invites a reporting officer of a province, who sets a password through the link and signs in", async () => {
    const invited = await inject({
      method: "POST",
      url: "/api/v1/identity/invitations",
      headers: admin.bearer,
      payload: {
        username: "nguyen.van.an",
        displayName: "Nguyễn Văn An",
        organizationCode: province.code,
        roles: ["reporting_officer"],
      },
    });
    assert.equal(invited.statusCode, 201, invited.body);
    const { user, link } = invited.json();
    assert.equal(user.organization.id, province.id);
    assert.deepEqual(user.roles, ["reporting_officer"]);
    assert.match(
      link.url,
      /^https:\/\/lienthong\.example\.gov\.vn\/set-password\/[A-Za-z0-9_-]{43}$/,
    );
    assert.equal(link.mailQueuedTo, null, "no SMTP configured, nothing mailed");
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000;
    assert.ok(hours > 71.9 && hours <= 72, `expires in 72 h, not ${hours}`);

    const before = await login("nguyen.van.an", "anything-at-all-1", "10.40.0.1");
    assert.equal(before.statusCode, 401, "no sign-in before the first password");

    const token = tokenOf(link.url);
    const shown = await inject({ url: `/api/v1/identity/password-links/${token}` });
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(
      { ...(shown.json() as object), expiresAt: undefined },
      {
        username: "nguyen.van.an",
        displayName: "Nguyễn Văn An",
        organization: { code: province.code, name: "Sở Nội vụ tỉnh Thử Nghiệm" },
        expiresAt: undefined,
        passwordPolicy: { minLength: 12, maxLength: 256 },
      },
    );

    const weak = await inject({
      method: "POST",
      url: `/api/v1/identity/password-links/${token}`,
      payload: { password: "short" },
    });
    assert.equal(weak.statusCode, 422);
    assert.match(weak.json().detail, /ít nhất 12 ký tự/);

    const set = await inject({
      method: "POST",
      url: `/api/v1/identity/password-links/${token}`,
      payload: { password: GOOD_PASSWORD },
    });
    assert.equal(set.statusCode, 200, "a refused password leaves the link usable");
    assert.deepEqual(set.json(), { username: "nguyen.van.an" });
    assert.equal((await login("nguyen.van.an", GOOD_PASSWORD, "10.40.0.2")).statusCode, 200);

    const audit = await inject({
      url: `/api/v1/audit/events?action=identity.password_set_by_link`,
      headers: admin.bearer,
    });
    if (audit.statusCode === 200)
      assert.ok(audit.json().items.some((e: { targetId: string }) => e.targetId === user.id));
  });

  it("re-issues a link: the older one stops working, the new one works", async () => {
    const invited = await inject({
      method: "POST",
      url: "/api/v1/identity/invitations",
      headers: admin.bearer,
      payload: {
        username: "tran.thi.binh",
        displayName: "Trần Thị Bình",
        organizationId: province.id,
        roles: ["reporting_officer", "specialist"],
      },
    });
    assert.equal(invited.statusCode, 201, invited.body);
    const first = tokenOf(invited.json().link.url);
    const again = await inject({
      method: "POST",
      url: `/api/v1/identity/users/${invited.json().user.id}/password-link`,
      headers: admin.bearer,
    });
    assert.equal(again.statusCode, 201);
    const second = tokenOf(again.json().url);
    assert.notEqual(first, second);
    const old = await inject({ url: `/api/v1/identity/password-links/${first}` });
    assert.equal(old.statusCode, 404);
    assert.equal(old.json().reason, "superseded");
    assert.match(old.json().detail, /liên kết mới hơn/);
    const fresh = await inject({ url: `/api/v1/identity/password-links/${second}` });
    assert.equal(fresh.statusCode, 200);
  });

  it("imports accounts from a CSV saved by Vietnamese Excel (BOM, semicolons, quotes, role names)", async () => {
    const file = buildCsv(
      [
        [
          "le.van.cuong",
          "Lê Văn Cường",
          "cuong@snv.example.gov.vn",
          province.code,
          "Cán bộ báo cáo",
        ],
        [
          "pham.thi.dung",
          "Phạm Thị Dung; phó phòng",
          "",
          province.code.toLowerCase(),
          "reporting_officer; specialist",
        ],
      ],
      ";",
    );
    const preview = await upload(platform, {
      url: "/api/v1/identity/user-imports/preview",
      file,
      headers: admin.bearer,
    });
    assert.equal(preview.statusCode, 200, preview.body);
    const body = preview.json();
    assert.equal(body.rowCount, 2);
    assert.equal(body.errorCount, 0);
    assert.deepEqual(
      body.rows.map((r: Record<string, unknown>) => [
        r.row,
        r.username,
        r.displayName,
        r.email,
        r.roles,
      ]),
      [
        [2, "le.van.cuong", "Lê Văn Cường", "cuong@snv.example.gov.vn", ["reporting_officer"]],
        [3, "pham.thi.dung", "Phạm Thị Dung; phó phòng", null, ["reporting_officer", "specialist"]],
      ],
    );
    assert.equal(body.rows[1].organization.id, province.id);
    const listed = await inject({
      url: "/api/v1/identity/users?q=le.van.cuong",
      headers: admin.bearer,
    });
    assert.equal(listed.json().items.length, 0, "the preview changes nothing");

    const imported = await upload(platform, {
      url: "/api/v1/identity/user-imports",
      file,
      headers: admin.bearer,
    });
    assert.equal(imported.statusCode, 201, imported.body);
    const { created, importId } = imported.json();
    assert.deepEqual(
      created.map((c: { row: number; user: { username: string } }) => [c.row, c.user.username]),
      [
        [2, "le.van.cuong"],
        [3, "pham.thi.dung"],
      ],
    );
    for (const account of created) {
      const shown = await inject({
        url: `/api/v1/identity/password-links/${tokenOf(account.link.url)}`,
      });
      assert.equal(shown.json().username, account.user.username);
    }
    const audit = await platform.ctx.db
      .selectFrom("core_audit")
      .select(["action", "details"])
      .where("action", "in", ["identity.user_created", "identity.users_imported"])
      .execute();
    const mine = audit.filter(
      (e) =>
        (e.details as { importId?: string }).importId === importId ||
        e.action === "identity.users_imported",
    );
    assert.equal(mine.filter((e) => e.action === "identity.user_created").length, 2);
    assert.equal(mine.filter((e) => e.action === "identity.users_imported").length, 1);
  });

  it("imports from an Excel workbook with hyperlinked e-mail addresses", async () => {
    const file = await buildXlsx([
      ["hoang.van.em", "Hoàng Văn Em", "em@snv.example.gov.vn", province.code, "reporting_officer"],
    ]);
    const imported = await upload(platform, {
      url: "/api/v1/identity/user-imports",
      file,
      type: "xlsx",
      headers: admin.bearer,
    });
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal(imported.json().created[0].user.email, "em@snv.example.gov.vn");
  });

  it("offers templates with the header row in Vietnamese, which read back as an empty list", async () => {
    const xlsx = await inject({
      url: "/api/v1/identity/user-imports/template.xlsx",
      headers: admin.bearer,
    });
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.headers["content-type"], XLSX_TYPE);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1), [
      "Tên đăng nhập",
      "Họ và tên",
      "Thư điện tử",
      "Mã định danh cơ quan",
      "Vai trò",
    ]);
    assert.deepEqual(await readImportFile(xlsx.rawPayload, XLSX_TYPE), []);

    const csv = await inject({
      url: "/api/v1/identity/user-imports/template.csv",
      headers: admin.bearer,
    });
    assert.equal(csv.statusCode, 200);
    assert.equal(
      csv.body,
      "\uFEFFTên đăng nhập,Họ và tên,Thư điện tử,Mã định danh cơ quan,Vai trò\r\n",
    );
    assert.deepEqual(await readImportFile(csv.rawPayload, CSV_TYPE), []);
  });
});
