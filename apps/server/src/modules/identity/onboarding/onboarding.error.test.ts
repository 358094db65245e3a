import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import { MAX_IMPORT_ROWS } from "./import-file.ts";
import { buildCsv, buildXlsx, HEADER, upload, type AccountLine } from "./testing.ts";

type Problem = { row: number; column: string; code: string; message: { vi: string; en: string } };

describe("onboarding: bad files and bad rows", () => {
  let platform: Platform;
  let own: { id: string; code: string };
  let child: { id: string; code: string };
  let other: { id: string; code: string };
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  let taken: string;
  before(async () => {
    platform = await createTestPlatform();
    own = await createTestOrganization(platform.ctx.db);
    child = await createTestOrganization(platform.ctx.db, { parentId: own.id });
    other = await createTestOrganization(platform.ctx.db);
    admin = await createTestUser(platform, { organizationId: own.id, roles: ["org_admin"] });
    taken = (await createTestUser(platform, { organizationId: own.id, roles: ["specialist"] })).user
      .username;
  });
  after(() => platform?.stop());

  const preview = async (file: Buffer, type = "csv") => {
    const response = await upload(platform, {
      url: "/api/v1/identity/user-imports/preview",
      file,
      type,
      headers: admin.bearer,
    });
    return response;
  };

  it("reports every kind of bad row by row and column, in Vietnamese and English", async () => {
    const lines: AccountLine[] = [
      ["good.one", "Người hợp lệ", "good@example.gov.vn", child.code, "specialist"], // 2
      ["Bad Name!", "Tên sai", "", own.code, "specialist"], // 3
      ["twice", "Lần một", "", own.code, "specialist"], // 4
      ["twice", "Lần hai", "", own.code, "specialist"], // 5
      [taken, "Đã có", "", own.code, "specialist"], // 6
      ["bad.mail", "Thư sai", "not-an-address", own.code, "specialist"], // 7
      ["no.org", "Không cơ quan", "", "999.99.99.Z99", "specialist"], // 8
      ["far.org", "Cơ quan khác", "", other.code, "specialist"], // 9
      ["odd.role", "Vai trò lạ", "", own.code, "specialist, thủ kho"], // 10
      ["too.high", "Quá quyền", "", own.code, "system_admin"], // 11
      ["", "", "", "", ""], // blank rows are skipped, not reported
      ["empty.cells", "", "", "", ""], // 13
    ];
    const response = await preview(buildCsv(lines));
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as {
      rowCount: number;
      errorCount: number;
      rows: { row: number; errors: Problem[] }[];
    };
    const found = body.rows.flatMap((r) => r.errors.map((e) => [e.row, e.column, e.code]));
    assert.deepEqual(found, [
      [3, "username", "invalid_username"],
      [5, "username", "duplicate_in_file"],
      [6, "username", "username_taken"],
      [7, "email", "invalid_email"],
      [8, "organizationCode", "unknown_organization"],
      [9, "organizationCode", "organization_out_of_scope"],
      [10, "roles", "unknown_role"],
      [11, "roles", "role_not_grantable"],
      [13, "displayName", "required"],
      [13, "organizationCode", "required"],
      [13, "roles", "required"],
    ]);
    assert.equal(body.rowCount, 11);
    assert.equal(body.errorCount, 11);
    const messages = body.rows.flatMap((r) => r.errors);
    assert.ok(messages.every((e) => e.message.vi && e.message.en));
    const duplicate = messages.find((e) => e.code === "duplicate_in_file")!;
    assert.match(duplicate.message.vi, /đã có ở dòng 4/);
    assert.match(messages.find((e) => e.code === "unknown_role")!.message.en, /"thủ kho"/);
  });

  it("creates nothing when one row of many is bad, and lists the problems with the 422", async () => {
    const lines: AccountLine[] = Array.from({ length: 30 }, (_, i) => [
      `batch.${i}`,
      `Cán bộ số ${i}`,
      "",
      own.code,
      "reporting_officer",
    ]);
    lines[17] = ["batch.17", "Cán bộ 17", "sai@", own.code, "reporting_officer"];
    const response = await upload(platform, {
      url: "/api/v1/identity/user-imports",
      file: await buildXlsx(lines),
      type: "xlsx",
      headers: admin.bearer,
    });
    assert.equal(response.statusCode, 422);
    const body = response.json();
    assert.match(body.detail, /chưa tạo tài khoản nào/);
    assert.deepEqual(
      body.rowErrors.map((e: Problem) => [e.row, e.column, e.code]),
      [[19, "email", "invalid_email"]],
    );
    assert.deepEqual(body.errors, [
      { path: "rows.19.email", message: 'The e-mail address "sai@" is not valid.' },
    ]);
    const listed = await platform.app.inject({
      url: "/api/v1/identity/users?q=batch",
      headers: admin.bearer,
    });
    assert.equal(listed.json().items.length, 0);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows with a clear problem`, async () => {
    const lines: AccountLine[] = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => [
      `many.${i}`,
      "Nhiều",
      "",
      own.code,
      "specialist",
    ]);
    const response = await preview(buildCsv(lines));
    assert.equal(response.statusCode, 413);
    assert.match(response.json().detail, /tối đa 5\.000 dòng/);
  });

  it("explains a file it cannot read", async () => {
    const cases: [Buffer, string, number, RegExp][] = [
      [Buffer.from(""), "csv", 422, /không có dữ liệu/],
      [
        Buffer.from("ho ten,email\r\nA,a@b.vn\r\n"),
        "csv",
        422,
        /thiếu cột: Tên đăng nhập, Mã định danh cơ quan, Vai trò/,
      ],
      [Buffer.from(`${HEADER.join(",")}\r\n"a,b\r\n`), "csv", 422, /sai cú pháp ở dòng 2/],
      [Buffer.from([0xff, 0xfe, 0x41, 0x00]), "csv", 422, /không phải mã UTF-8/],
      [Buffer.from("PK not really a zip"), "xlsx", 422, /Không đọc được tệp Excel/],
      [Buffer.from("{}"), "application/json", 415, /Chỉ nhận tệp CSV hoặc Excel/],
    ];
    for (const [file, type, status, detail] of cases) {
      const response = await preview(file, type);
      assert.equal(response.statusCode, status, `${type}: ${response.body}`);
      assert.match(response.json().detail, detail);
    }
  });

  it("accepts English headers in any order, and ignores blank rows", async () => {
    const csv = [
      "Roles,Organization code,Username,Display name",
      "",
      `specialist,${own.code},english.header,English Header`,
    ].join("\n");
    const response = await preview(Buffer.from(csv));
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      response
        .json()
        .rows.map((r: { row: number; username: string; errors: unknown[] }) => [
          r.row,
          r.username,
          r.errors,
        ]),
      [[3, "english.header", []]],
    );
  });
});
