import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
} from "../directory/testing.ts";
import { REPORTS_IMPORT_OPENAPI } from "../exchange/catalogue/demo-data.ts";
import { createTestService, grantTestAccess } from "../exchange/catalogue/testing.ts";
import { createConsumerAssertions } from "../exchange/consumer-assertion.ts";
import { evidenceLogOf } from "../exchange/evidence/log.ts";
import { listExchanges } from "../exchange/evidence/service.ts";
import type { ServiceTarget } from "../exchange/types.ts";
import { createTestClient, lgspToken } from "../identity/oidc/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { ImportSummary } from "./import-schema.ts";
import type { Regime } from "./schema.ts";
import { SEX, quarterlyRegimeInput, reportsApi } from "./testing.ts";

type Problem = { code: string; detail: string; tokenError?: string; importSummary?: ImportSummary };

/**
 * A province's system pushes report values through the LGSP: the reporting API is a catalogue
 * service of the ministry's reporting system, the province's system holds an access right to it,
 * and every push is an exchange in the evidence log. Real HTTP throughout.
 */
describe("reports: imports through the LGSP gateway", () => {
  let platform: Platform;
  let base: string;
  let provinceA: Organization;
  let provinceB: Organization;
  let regime: Regime;
  let gw: string;
  let token: string;
  let outsiderToken: string;
  const { call, ok } = reportsApi(() => platform);

  const push = (
    query: string,
    body: object | string,
    options: { bearer?: string; contentType?: string } = {},
  ) =>
    fetch(`${gw}/dataValueSets${query}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${options.bearer ?? token}`,
        "content-type": options.contentType ?? "application/json",
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const stored = async (organizationId: string) => {
    const { rows } = await sql<{ indicator: string; combination: string; value: string }>`
      select indicator, combination, value::text as value from rpt_values
      where organization_id = ${organizationId} and regime_id = ${regime.id}
      order by indicator, combination`.execute(platform.ctx.db);
    return rows.map((r) => `${r.indicator}/${r.combination}=${Number(r.value)}`);
  };

  before(async () => {
    platform = await createTestPlatform({ listen: true, workers: false });
    base = platform.ctx.config.publicUrl;
    const { db } = platform.ctx;
    const ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    provinceA = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ A" });
    provinceB = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ B" });
    const manager = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["org_admin"] })
    ).bearer;
    regime = await ok<Regime>(
      call("POST", "/regimes", manager, quarterlyRegimeInput([provinceA, provinceB], ministry.id)),
      201,
    );
    await ok(
      call("PUT", `/regimes/${regime.id}/template`, manager, {
        sections: [],
        categories: [SEX],
        forms: [
          {
            code: "BIEU_01",
            title: "Số lượng công chức",
            indicators: [
              { code: "CC", name: "Công chức", type: "integer", min: 0, categories: ["GIOI_TINH"] },
            ],
          },
        ],
        rules: [],
      }),
    );
    await ok(call("POST", `/regimes/${regime.id}/template/publish`, manager));
    await ok(call("POST", `/regimes/${regime.id}/activate`, manager));

    // The ministry's reporting system offers this API on the LGSP; province A's system may call it.
    const reporting = await createTestInformationSystem(db, ministry.id);
    const service = await createTestService(db, reporting.id, {
      code: "so-lieu-bao-cao",
      baseUrl: `${base}/api/v1/reports`,
      openapi: REPORTS_IMPORT_OPENAPI,
      bodyLogging: "request",
    });
    const province = await createTestClient(platform, provinceA.id, { kind: "machine" });
    await grantTestAccess(db, {
      consumerSystemId: province.client.informationSystemId!,
      serviceId: service.id,
      endpoints: ["POST /dataValueSets"],
    });
    token = await lgspToken(base, province);
    outsiderToken = await lgspToken(
      base,
      await createTestClient(platform, provinceB.id, { kind: "machine" }),
    );
    gw = `${base}/gw/${ministry.code}/${reporting.code}/so-lieu-bao-cao/v1`;
  });
  after(() => platform.stop());

  it("checks a dry run, imports, and records the push in the evidence log and the audit", async () => {
    const payload = {
      dataSet: regime.code,
      period: "2026Q1",
      orgUnit: provinceA.code,
      dataValues: [
        { dataElement: "CC", categoryOptionCombo: "nam", value: "61" },
        { dataElement: "CC", categoryOptionCombo: "nu", value: "44", comment: "Tăng 2 người" },
      ],
    };
    const dry = await push("?dryRun=true", payload);
    assert.equal(dry.status, 200);
    assert.deepEqual(((await dry.json()) as ImportSummary).importCount.imported, 2);
    assert.deepEqual(await stored(provinceA.id), [], "a dry run writes nothing");

    const response = await push("", payload);
    assert.equal(response.status, 200);
    const exchangeId = response.headers.get("x-lgsp-exchange-id")!;
    const summary = (await response.json()) as ImportSummary;
    assert.deepEqual([summary.status, summary.importCount.imported], ["SUCCESS", 2]);
    assert.deepEqual(await stored(provinceA.id), ["CC/nam=61", "CC/nu=44"]);

    const audit = (await searchAudit(platform.ctx.db, { targetId: regime.id, limit: 10 })).find(
      (e) => e.action === "reports.values_imported",
    )!;
    assert.match(String((audit.details.lgsp as { service: string }).service), /so-lieu-bao-cao/);

    await evidenceLogOf(platform.ctx).flush();
    const { items } = await listExchanges({ db: platform.ctx.db, actor: systemActor, limit: 10 });
    const exchange = items.find((e) => e.id === exchangeId);
    assert.ok(exchange, "the push is an exchange in the evidence log");
    assert.deepEqual([exchange.status, exchange.outcome], [200, "completed"]);
  });

  it("passes the provider's refusals back, and imports CSV too", async () => {
    // Province A's system may not write province B's values: the whole import is refused.
    const other = await push("", {
      dataSet: regime.code,
      period: "2026Q1",
      dataValues: [
        { dataElement: "CC", categoryOptionCombo: "nam", orgUnit: provinceB.code, value: "1" },
      ],
    });
    assert.equal(other.status, 403);
    assert.match(((await other.json()) as Problem).detail, /không có quyền nhập số liệu/i);

    const bad = await push("", {
      dataSet: regime.code,
      period: "2026Q1",
      orgUnit: provinceA.code,
      dataValues: [{ dataElement: "CC", categoryOptionCombo: "nam", value: "-5" }],
    });
    assert.equal(bad.status, 409);
    const conflicts = ((await bad.json()) as Problem).importSummary!.conflicts;
    assert.equal(conflicts[0]!.reason, "Giá trị -5 nhỏ hơn mức tối thiểu 0");

    const csv = await push(
      `?dataSet=${regime.code}`,
      `dataelement,period,orgunit,catoptcombo,value\r\nCC,2026Q1,${provinceA.code},nam,62\r\n`,
      { contentType: "text/csv" },
    );
    assert.equal(csv.status, 200, await csv.clone().text());
    assert.equal(((await csv.json()) as ImportSummary).importCount.updated, 1);
    assert.deepEqual(await stored(provinceA.id), ["CC/nam=62", "CC/nu=44"]);
  });

  it("refuses a system without a right, and statements not made for this API", async () => {
    const payload = { dataSet: regime.code, period: "2026Q1", dataValues: [] };
    const noRight = await push("", payload, { bearer: outsiderToken });
    assert.equal(noRight.status, 403);
    assert.equal(((await noRight.json()) as Problem).code, "access_not_granted");

    const direct = (statement: string) =>
      fetch(`${base}/api/v1/reports/dataValueSets`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-lgsp-consumer-assertion": statement },
        body: JSON.stringify(payload),
      });
    const forged = await direct("eyJhbGciOiJub25lIn0.e30.");
    assert.equal(forged.status, 401);
    // A genuine statement the gateway made for another provider's address.
    const elsewhere = createConsumerAssertions(platform.ctx)(
      {
        clientId: "tinh-a",
        systemId: "00000000-0000-7000-8000-000000000001",
        organizationId: provinceA.id,
      },
      {
        serviceId: "00000000-0000-7000-8000-000000000002",
        baseUrl: "http://127.0.0.1:9/api",
        providerOrgCode: "X",
        providerSystemCode: "Y",
        serviceCode: "Z",
        version: "v1",
      } as ServiceTarget,
    )!;
    const replayed = await direct(elsewhere);
    assert.equal(replayed.status, 401);
    assert.equal(((await replayed.json()) as Problem).tokenError, "wrong_audience");
    assert.deepEqual(await stored(provinceB.id), []);
  });
});
