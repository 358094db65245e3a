import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createSelfSignedCertificate, keyObjectSigner } from "@lienthong/pki";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { trustCa } from "../trust/index.ts";
import type { ReportView } from "./report-schema.ts";
import type { ExpectedReport, Regime } from "./schema.ts";
import { signSubmission } from "./signing.ts";
import { submitReport } from "./submissions.ts";
import type { TemplateDefinition } from "./template.ts";
import { SEX, reportsApi } from "./testing.ts";

type Headers = { authorization: string };
type Problem = { detail: string; errors?: { path: string; message: string }[] };
type Check = {
  version: number;
  valid: boolean;
  trusted: boolean;
  matchesStored: boolean | null;
  signedAt: string | null;
  problem: string | null;
};

/** The payload a compact JWS signs. */
const payloadOf = (jws: string) =>
  JSON.parse(Buffer.from(jws.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

const template = (): TemplateDefinition => ({
  sections: [
    { code: "TINH_HINH", title: "Tình hình thực hiện", required: true },
    { code: "KIEN_NGHI", title: "Kiến nghị, đề xuất" },
  ],
  categories: [SEX],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng công chức",
      indicators: [
        {
          code: "CC",
          name: "Công chức",
          type: "integer",
          min: 0,
          categories: ["GIOI_TINH"],
          required: true,
        },
        { code: "CC_DANG_VIEN", name: "Đảng viên", type: "integer", min: 0 },
        { code: "TY_LE_NU", name: "Tỷ lệ nữ", type: "percent", formula: "CC{nu} / CC * 100" },
        { code: "GHI_CHU", name: "Ghi chú", type: "text" },
      ],
    },
  ],
  rules: [
    {
      code: "DANG_VIEN",
      left: "CC_DANG_VIEN",
      operator: "<=",
      right: "CC",
      message: "Số đảng viên không được lớn hơn tổng số công chức",
    },
  ],
});

/**
 * Verifies a compact JWS with openssl alone: the certificate from `x5c`, the signing input and
 * the signature (r‖s turned into DER for ECDSA), `openssl dgst -verify`.
 */
function opensslVerifies(jws: string): boolean {
  const [head, body, signature] = jws.split(".") as [string, string, string];
  const header = JSON.parse(Buffer.from(head, "base64url").toString()) as {
    alg: string;
    x5c: string[];
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-jws-"));
  try {
    const cert = path.join(dir, "cert.pem");
    fs.writeFileSync(
      cert,
      `-----BEGIN CERTIFICATE-----\n${header.x5c[0]!.replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`,
    );
    const pub = path.join(dir, "pub.pem");
    execFileSync("openssl", ["x509", "-in", cert, "-pubkey", "-noout", "-out", pub]);
    fs.writeFileSync(path.join(dir, "input"), `${head}.${body}`);
    let raw = Buffer.from(signature, "base64url");
    if (header.alg.startsWith("ES")) {
      const half = raw.length / 2;
      const int = (b: Buffer) => {
        let v = b;
        while (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) v = v.subarray(1);
        if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
        return Buffer.concat([Buffer.from([2, v.length]), v]);
      };
      const seq = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
      raw = Buffer.concat([Buffer.from([0x30, seq.length]), seq]);
    }
    fs.writeFileSync(path.join(dir, "sig"), raw);
    const digest = `-sha${header.alg.slice(2)}`;
    const out = execFileSync(
      "openssl",
      [
        "dgst",
        digest,
        "-verify",
        pub,
        "-signature",
        path.join(dir, "sig"),
        path.join(dir, "input"),
      ],
      { encoding: "utf8" },
    );
    return out.trim() === "Verified OK";
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the `sh` block of docs/reports.md (checking a signature file with openssl) on `jws`, saved
 * under the file name the recipe reads; returns what it printed.
 */
function guideRecipe(jws: string): string {
  const guide = fs.readFileSync(
    path.join(import.meta.dirname, "../../../../../docs/reports.md"),
    "utf8",
  );
  const recipe = /```sh\n([\s\S]*?)```/.exec(guide)![1]!;
  const file = /cat ([^)]+\.jws)/.exec(recipe)![1]!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-guide-"));
  try {
    fs.writeFileSync(path.join(dir, file), jws);
    return execFileSync("bash", ["-e", "-c", recipe], { cwd: dir, encoding: "utf8" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("reports: a unit fills, submits and signs its report; the receiver reviews it", () => {
  let platform: Platform;
  let ministry: Organization;
  let provinceA: Organization;
  let provinceB: Organization;
  let regime: Regime;
  let admin: Headers;
  let reviewer: Headers;
  let officerA: Headers;
  let officerB: Headers;

  const { call, ok } = reportsApi(() => platform);
  const open = (headers: Headers, organizationId: string, periodId: string) =>
    call("POST", "/reports", headers, { regimeId: regime.id, organizationId, periodId });

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    provinceA = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ A" });
    provinceB = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ B" });
    admin = (await createTestUser(platform, { organizationId: ministry.id, roles: ["org_admin"] }))
      .bearer;
    reviewer = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["reporting_officer"] })
    ).bearer;
    officerA = (
      await createTestUser(platform, { organizationId: provinceA.id, roles: ["reporting_officer"] })
    ).bearer;
    officerB = (
      await createTestUser(platform, { organizationId: provinceB.id, roles: ["reporting_officer"] })
    ).bearer;
    regime = await ok<Regime>(
      call("POST", "/regimes", admin, {
        code: "BC-CC-QUY",
        name: "Báo cáo số lượng công chức hằng quý",
        legalBasis: "Thông tư 18/2025/TT-BNV",
        kind: "periodic",
        frequency: "quarterly",
        windowRule: "decree09",
        deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
        reportingRule: { kind: "organizations", organizationIds: [provinceA.id, provinceB.id] },
        receivingOrganizationId: ministry.id,
        effectiveFrom: "2026-01-01",
      }),
      201,
    );
    await ok(call("PUT", `/regimes/${regime.id}/template`, admin, template()));
    await ok(call("POST", `/regimes/${regime.id}/template/publish`, admin));
    await ok(call("POST", `/regimes/${regime.id}/activate`, admin));
  });
  after(() => platform.stop());

  it("checks every value, refuses what is missing or breaks a rule, then signs the submission", async () => {
    const report = await ok<ReportView>(open(officerA, provinceA.id, "2026Q3"));
    assert.deepEqual(
      [report.status, report.start, report.end, report.deadline, report.templateVersion],
      ["draft", "2026-06-15", "2026-09-14", "2026-09-21", 1],
    );
    // Opening again finds the same report.
    assert.equal((await ok<ReportView>(open(officerA, provinceA.id, "2026Q3"))).id, report.id);

    // One bad value refuses the whole save, with a reason per value; nothing is stored.
    const bad = await call("PATCH", `/reports/${report.id}`, officerA, {
      values: [
        { indicator: "CC", combination: "nam", value: 60 },
        { indicator: "CC", combination: "nu", value: "bốn mươi" },
        { indicator: "CC", combination: "khac", value: 1 },
        { indicator: "KHONG_CO", value: 1 },
        { indicator: "TY_LE_NU", value: 40 },
        { indicator: "CC_DANG_VIEN", value: -3 },
      ],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json<Problem>().errors, [
      { path: "/values/1", message: 'Giá trị "bốn mươi" không phải là số' },
      { path: "/values/2", message: "Chỉ tiêu CC không có tổ hợp phân tổ khac" },
      { path: "/values/3", message: "Không có chỉ tiêu KHONG_CO trong mẫu báo cáo" },
      { path: "/values/4", message: "Chỉ tiêu TY_LE_NU được tính tự động, không nhập" },
      { path: "/values/5", message: "Giá trị -3 nhỏ hơn mức tối thiểu 0" },
    ]);
    assert.deepEqual(
      (await ok<ReportView>(call("GET", `/reports/${report.id}`, officerA))).values,
      [],
    );

    // A partial save, as the form's autosave does; the share of women is unknown until their
    // number is given (missing is not zero).
    let saved = await ok<ReportView>(
      call("PATCH", `/reports/${report.id}`, officerA, {
        values: [
          { indicator: "CC", combination: "nam", value: "60" },
          { indicator: "CC_DANG_VIEN", value: 150 },
        ],
      }),
    );
    assert.deepEqual(saved.computed, [{ indicator: "TY_LE_NU", value: null }]);

    const missing = await call("POST", `/reports/${report.id}/submit`, officerA);
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(
      missing.json<Problem>().errors!.map((e) => e.path),
      ["/narrative/TINH_HINH", "/values/CC", "/rules/DANG_VIEN"],
    );
    assert.match(
      missing.json<Problem>().errors![2]!.message,
      /Số đảng viên không được lớn hơn tổng số công chức \(150 <= 60\)/,
    );

    saved = await ok<ReportView>(
      call("PATCH", `/reports/${report.id}`, officerA, {
        values: [
          { indicator: "CC", combination: "nu", value: 40 },
          { indicator: "CC_DANG_VIEN", value: 70 },
          { indicator: "GHI_CHU", value: "Đủ biên chế" },
        ],
        narrative: { TINH_HINH: "Đã thực hiện đầy đủ chế độ báo cáo." },
      }),
    );
    assert.deepEqual(saved.computed, [{ indicator: "TY_LE_NU", value: 40 }]);
    assert.deepEqual(saved.ruleFailures, []);

    const submitted = await ok<ReportView>(call("POST", `/reports/${report.id}/submit`, officerA));
    assert.equal(submitted.status, "submitted");
    assert.equal(submitted.version, 1);
    // Today is past the 21 September deadline: late, from the actual submission time.
    assert.equal(submitted.late, true);

    // The signature: checked by the platform, and by openssl with the certificate it carries.
    const check = await ok<Check & { payloadSha256: string }>(
      call("GET", `/reports/${report.id}/signature`, reviewer),
    );
    assert.deepEqual(
      [check.valid, check.trusted, check.matchesStored, check.problem],
      [true, true, true, null],
    );
    assert.equal(check.payloadSha256, submitted.history[0]!.payloadSha256);
    // Judged at the time the platform recorded the signed submission: the submission's own.
    assert.ok(
      Math.abs(Date.parse(check.signedAt!) - Date.parse(submitted.submittedAt!)) < 60_000,
      `${check.signedAt} / ${submitted.submittedAt}`,
    );
    const { rows } = await sql<{ signature: string }>`
      select signature from rpt_report_versions where report_id = ${report.id}`.execute(
      platform.ctx.db,
    );
    assert.ok(opensslVerifies(rows[0]!.signature));
    const payload = JSON.parse(
      Buffer.from(rows[0]!.signature.split(".")[1]!, "base64url").toString(),
    ) as { values: unknown[]; period: string; organization: string };
    assert.equal(payload.period, "2026Q3");
    assert.equal(payload.organization, provinceA.code);
    assert.deepEqual(payload.values, [
      ["CC", "nam", 60],
      ["CC", "nu", 40],
      ["CC_DANG_VIEN", "", 70],
      ["GHI_CHU", "", "Đủ biên chế"],
    ]);

    // Submitted: no more changes until the receiver decides.
    const locked = await call("PATCH", `/reports/${report.id}`, officerA, {
      values: [{ indicator: "CC", combination: "nu", value: 41 }],
    });
    assert.equal(locked.statusCode, 409);
  });

  it("goes back for correction with a reason, comes back as version 2, and is locked once accepted", async () => {
    const report = await ok<ReportView>(open(officerA, provinceA.id, "2026Q3"));
    assert.equal(report.status, "submitted");
    // The unit cannot review its own report, and a return needs a reason.
    assert.equal(
      (await call("POST", `/reports/${report.id}/review`, officerA, { decision: "accept" }))
        .statusCode,
      403,
    );
    assert.equal(
      (await call("POST", `/reports/${report.id}/review`, reviewer, { decision: "return" }))
        .statusCode,
      400,
    );
    const returned = await ok<ReportView>(
      call("POST", `/reports/${report.id}/review`, reviewer, {
        decision: "return",
        note: "Số nữ chưa khớp với báo cáo quý trước",
      }),
    );
    assert.equal(returned.status, "returned");
    assert.equal(returned.reviewNote, "Số nữ chưa khớp với báo cáo quý trước");
    await ok(
      call("PATCH", `/reports/${report.id}`, officerA, {
        values: [{ indicator: "CC", combination: "nu", value: 42 }],
      }),
    );
    const again = await ok<ReportView>(call("POST", `/reports/${report.id}/submit`, officerA));
    assert.equal(again.version, 2);
    const accepted = await ok<ReportView>(
      call("POST", `/reports/${report.id}/review`, reviewer, { decision: "accept" }),
    );
    assert.equal(accepted.status, "accepted");
    assert.deepEqual(
      accepted.history.map((h) => [h.version, h.action]),
      [
        [1, "submitted"],
        [1, "returned"],
        [2, "submitted"],
        [2, "accepted"],
      ],
    );
    const locked = await call("PATCH", `/reports/${report.id}`, officerA, {
      values: [{ indicator: "CC", combination: "nu", value: 43 }],
    });
    assert.equal(locked.statusCode, 409);
    assert.match(locked.json<Problem>().detail, /số liệu đã khóa/);
    assert.equal((await call("POST", `/reports/${report.id}/submit`, officerA)).statusCode, 409);

    const audit = await searchAudit(platform.ctx.db, { targetId: report.id, limit: 20 });
    assert.deepEqual(audit.map((e) => e.action).sort(), [
      "reports.report_accepted",
      "reports.report_returned",
      "reports.report_submitted",
      "reports.report_submitted",
    ]);

    // A value changed behind the platform's back no longer matches what was signed.
    await sql`update rpt_values set value = 99 where report_id = ${report.id}
      and indicator = 'CC' and combination = 'nu'`.execute(platform.ctx.db);
    const tampered = await ok<{ valid: boolean; problem: string }>(
      call("GET", `/reports/${report.id}/signature`, reviewer),
    );
    assert.deepEqual(
      [tampered.valid, tampered.problem],
      [false, "Số liệu hiện lưu khác số liệu đã ký"],
    );
  });

  it("trusts only certificates of the platform's CA, for this very report, and checks each submission by its version", async () => {
    const report = await ok<ReportView>(open(officerB, provinceB.id, "2026Q2"));
    await ok(
      call("PATCH", `/reports/${report.id}`, officerB, {
        values: [
          { indicator: "CC", combination: "nam", value: 5 },
          { indicator: "CC", combination: "nu", value: 6 },
        ],
        narrative: { TINH_HINH: "Ổn định." },
      }),
    );
    await ok(call("POST", `/reports/${report.id}/submit`, officerB));
    await ok(
      call("POST", `/reports/${report.id}/review`, reviewer, {
        decision: "return",
        note: "Bổ sung kiến nghị",
      }),
    );
    await ok(
      call("PATCH", `/reports/${report.id}`, officerB, {
        narrative: { KIEN_NGHI: "Bổ sung biên chế cho cấp xã." },
      }),
    );
    const signature = (version?: number) =>
      ok<Check>(
        call(
          "GET",
          `/reports/${report.id}/signature${version ? `?version=${version}` : ""}`,
          reviewer,
        ),
      );
    // Being corrected: the latest submission still checks, but is not held against the values
    // the unit is changing.
    const during = await signature();
    assert.deepEqual(
      [during.version, during.valid, during.trusted, during.matchesStored],
      [1, true, true, null],
    );
    await ok(call("POST", `/reports/${report.id}/submit`, officerB));
    const first = await signature(1);
    const latest = await signature();
    assert.deepEqual(
      [first.version, first.valid, first.matchesStored],
      [1, true, null],
      first.problem ?? "",
    );
    assert.deepEqual([latest.version, latest.valid, latest.matchesStored], [2, true, true]);
    // The unit renumbered after it reported (as in a merger): its signatures still hold.
    const renumber = (code: string) =>
      sql`update dir_organizations set code = ${code} where id = ${provinceB.id}`.execute(
        platform.ctx.db,
      );
    await renumber("000.00.99.H99");
    assert.equal((await signature()).valid, true, "after the unit's code changed");
    await renumber(provinceB.code);
    assert.equal(
      (await call("GET", `/reports/${report.id}/signature?version=3`, reviewer)).statusCode,
      404,
    );

    // Each submission's JWS as a file: what the platform stored, checked by openssl alone, and
    // holding what that submission sent. Only the report's readers get it.
    const files = [];
    for (const version of [1, 2]) {
      const file = await call("GET", `/reports/${report.id}/versions/${version}/jws`, reviewer);
      assert.equal(file.statusCode, 200, file.body);
      assert.match(String(file.headers["content-type"]), /^application\/jose/);
      assert.match(
        String(file.headers["content-disposition"]),
        new RegExp(`attachment; filename="BC-CC-QUY_${provinceB.code}_2026Q2_v${version}\\.jws"`),
      );
      assert.ok(opensslVerifies(file.body), `version ${version} verifies with openssl`);
      files.push(file.body);
    }
    assert.deepEqual(
      files.map((jws) => payloadOf(jws).narrative),
      [
        { TINH_HINH: "Ổn định." },
        { TINH_HINH: "Ổn định.", KIEN_NGHI: "Bổ sung biên chế cho cấp xã." },
      ],
    );
    assert.equal(
      (await call("GET", `/reports/${report.id}/versions/1/jws`, officerA)).statusCode,
      403,
    );
    // The user guide's openssl recipe, run as written on the downloaded file.
    assert.match(guideRecipe(files[0]!), /Verified OK/);

    const replace = (jws: string) =>
      sql`update rpt_report_versions set signature = ${jws}
        where report_id = ${report.id} and version = 2 and action = 'submitted'`.execute(
        platform.ctx.db,
      );
    const payload = payloadOf(files[1]!);
    // The same payload signed with a key the platform's CA never certified: not trusted.
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const stranger = keyObjectSigner({
      key: privateKey,
      certificate: await createSelfSignedCertificate({
        subject: { CN: "Con dấu giả" },
        privateKey,
        publicKey,
        notBefore: new Date(Date.now() - 86_400_000),
        notAfter: new Date(Date.now() + 86_400_000),
      }),
    });
    await replace((await signSubmission(stranger, payload)).jws);
    const forged = await signature();
    assert.deepEqual([forged.valid, forged.trusted, forged.matchesStored], [false, false, true]);
    assert.match(forged.problem!, /không hợp lệ theo CA của nền tảng/);
    // Signed with the platform's own seal, but for another unit: not this report's signature.
    const seal = (await trustCa(platform.ctx)).signers.get("seal")!;
    await replace(
      (
        await signSubmission(seal, {
          ...payload,
          organization: provinceA.code,
          organizationId: provinceA.id,
        })
      ).jws,
    );
    const moved = await signature();
    assert.deepEqual([moved.valid, moved.trusted], [false, true]);
    assert.equal(
      moved.problem,
      `Nội dung đã ký ghi đơn vị báo cáo "${provinceA.code}", không phải "${provinceB.code}"`,
    );
    // An unreadable signature is a clear answer, not a server error.
    await replace(
      `${Buffer.from("{}").toString("base64url")}.${Buffer.from("không phải JSON").toString("base64url")}.c2ln`,
    );
    const unreadable = await signature();
    assert.deepEqual([unreadable.valid, unreadable.problem], [false, "Chữ ký không đọc được"]);
  });

  it("records on time from the first submission's own time against the deadline", async () => {
    const report = await ok<ReportView>(open(officerB, provinceB.id, "2026Q3"));
    await ok(
      call("PATCH", `/reports/${report.id}`, officerB, {
        values: [
          { indicator: "CC", combination: "nam", value: 10 },
          { indicator: "CC", combination: "nu", value: 12 },
        ],
        narrative: { TINH_HINH: "Hoàn thành." },
      }),
    );
    const view = await submitReport({
      ctx: platform.ctx,
      actor: { kind: "system", name: "test" },
      id: report.id,
      // 21 September 2026, 23:30 in Vietnam: the last minutes of the deadline day.
      now: new Date("2026-09-21T16:30:00Z"),
    });
    assert.equal(view.late, false);
    // Returned after the deadline and sent again today: still on time, as first sent.
    await ok(
      call("POST", `/reports/${report.id}/review`, reviewer, {
        decision: "return",
        note: "Ghi rõ số liệu nam",
      }),
    );
    const resent = await ok<ReportView>(call("POST", `/reports/${report.id}/submit`, officerB));
    assert.deepEqual([resent.version, resent.status, resent.late], [2, "submitted", false]);

    // The schedule shows each unit's standing: A accepted (late), B submitted on time.
    const schedule = await ok<{ items: ExpectedReport[] }>(
      call("GET", `/regimes/${regime.id}/schedule?from=2026-09-01&to=2026-09-30`, reviewer),
    );
    assert.deepEqual(
      schedule.items
        .map((r) => [r.organization.id, r.periodId, r.status, r.submittedLate])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      [
        [provinceA.id, "2026Q3", "accepted", true],
        [provinceB.id, "2026Q3", "submitted", false],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
  });

  it("keeps other units out and refuses periods and units the regime does not expect", async () => {
    const report = await ok<ReportView>(open(officerA, provinceA.id, "2026Q2"));
    assert.equal((await call("GET", `/reports/${report.id}`, officerB)).statusCode, 403);
    assert.equal(
      (await call("PATCH", `/reports/${report.id}`, officerB, { values: [] })).statusCode,
      403,
    );
    assert.equal((await call("GET", `/reports/${report.id}`)).statusCode, 401);
    assert.equal((await open(officerB, provinceA.id, "2026Q1")).statusCode, 403);
    const future = await open(officerA, provinceA.id, "2030Q1");
    assert.equal(future.statusCode, 422);
    assert.match(future.json<Problem>().detail, /chưa bắt đầu/);
    const monthly = await open(officerA, provinceA.id, "202605");
    assert.match(monthly.json<Problem>().detail, /không phải kỳ báo cáo của chế độ này/);
    const before = await open(officerA, provinceA.id, "2025Q3");
    assert.match(before.json<Problem>().detail, /ngoài thời gian hiệu lực/);
    const outsider = await createTestOrganization(platform.ctx.db, { shortName: "SNV" });
    const officer = (
      await createTestUser(platform, { organizationId: outsider.id, roles: ["reporting_officer"] })
    ).bearer;
    const notExpected = await open(officer, outsider.id, "2026Q2");
    assert.equal(notExpected.statusCode, 422);
    assert.match(notExpected.json<Problem>().detail, /không thuộc diện báo cáo/);
  });
  it("keeps each report on the template version it was opened with when a new one is published", async () => {
    const older = await ok<ReportView>(open(officerA, provinceA.id, "2026Q2"));
    assert.equal(older.templateVersion, 1);
    // Version 2 adds an indicator and drops the free-text note.
    const next = template();
    next.forms[0]!.indicators = [
      ...next.forms[0]!.indicators.filter((i) => i.code !== "GHI_CHU"),
      { code: "CC_MOI", name: "Công chức mới tuyển", type: "integer", min: 0 },
    ];
    await ok(call("PUT", `/regimes/${regime.id}/template`, admin, next));
    await ok(call("POST", `/regimes/${regime.id}/template/publish`, admin));

    // The report opened before stays on version 1: its form, its checks, its signature.
    const kept = await ok<ReportView>(call("GET", `/reports/${older.id}`, officerA));
    assert.equal(kept.templateVersion, 1);
    const refused = await call("PATCH", `/reports/${older.id}`, officerA, {
      values: [{ indicator: "CC_MOI", value: 3 }],
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(refused.json<Problem>().errors, [
      { path: "/values/0", message: "Không có chỉ tiêu CC_MOI trong mẫu báo cáo" },
    ]);
    await ok(
      call("PATCH", `/reports/${older.id}`, officerA, {
        values: [
          { indicator: "CC", combination: "nam", value: 30 },
          { indicator: "CC", combination: "nu", value: 31 },
          { indicator: "GHI_CHU", value: "Theo mẫu cũ" },
        ],
        narrative: { TINH_HINH: "Hoàn thành theo mẫu phiên bản 1." },
      }),
    );
    await ok(call("POST", `/reports/${older.id}/submit`, officerA));
    const file = await call("GET", `/reports/${older.id}/versions/1/jws`, reviewer);
    assert.equal(payloadOf(file.body).templateVersion, 1);

    // A report opened now takes version 2.
    const newer = await ok<ReportView>(open(officerA, provinceA.id, "2026Q4"));
    assert.equal(newer.templateVersion, 2);
    const saved = await ok<ReportView>(
      call("PATCH", `/reports/${newer.id}`, officerA, {
        values: [{ indicator: "CC_MOI", value: 3 }],
      }),
    );
    assert.deepEqual(
      saved.values.map((v) => [v.indicator, v.value]),
      [["CC_MOI", 3]],
    );
  });
});
