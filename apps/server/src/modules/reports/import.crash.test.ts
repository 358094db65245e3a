import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import type { Actor } from "../../core/actor.ts";
import { searchAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { createCrashRig, type CrashRig } from "../../core/testing/crash.ts";
import type { ServerProcess } from "../../core/testing/processes.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestClient } from "../identity/oidc/testing.ts";
import type { ImportSummary } from "./import-schema.ts";
import { createRegime, setRegimeStatus } from "./regimes.ts";
import type { TemplateDefinition } from "./template.ts";
import { publishTemplate, saveDraftTemplate } from "./templates.ts";

/**
 * A real server process SIGKILLed while it imports 24,000 values (12 communes × 2,000, DHIS2
 * JSON over HTTP with an SSO client-credentials token, as a province's system pushes them): at
 * the moment the request body has been sent, at the first rows written, with half of them
 * written, while changing values already stored, and the moment its 200 answer has arrived. After
 * each restart the import is wholly there or wholly absent — every value, the communes' reports
 * and the audit record, or none of them; an acknowledged one is there. Sending it again imports
 * exactly the values sent, once. On PGlite (the database dies
 * with the process and recovers at restart), and on PostgreSQL when TEST_DATABASE_URL is set
 * (the connection drops and the open transaction is rolled back).
 *
 * The test sees the writes begin from the size of `rpt_values` on disk: the relation grows as
 * rows are inserted, before anything is committed.
 */
const COMMUNES = 12;
const INDICATORS = 40;
const SEXES = ["nam", "nu"];
const AGES = ["duoi_30", "30_40", "41_50", "51_60", "tren_60"];
const RANKS = ["cvcc", "cvc", "cv", "cs", "nv"];
const VALUES = COMMUNES * INDICATORS * SEXES.length * AGES.length * RANKS.length;

const actor: Actor = { kind: "system", name: "test" };
const option = (code: string) => ({ code, name: code });
const indicatorCode = (i: number) => `CT${String(i).padStart(2, "0")}`;
const TEMPLATE: TemplateDefinition = {
  sections: [{ code: "TINH_HINH", title: "Tình hình thực hiện" }],
  categories: [
    { code: "GIOI_TINH", name: "Giới tính", options: SEXES.map(option) },
    { code: "NHOM_TUOI", name: "Nhóm tuổi", options: AGES.map(option) },
    { code: "NGACH", name: "Ngạch", options: RANKS.map(option) },
  ],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng, chất lượng công chức cấp xã",
      indicators: Array.from({ length: INDICATORS }, (_, k) => ({
        code: indicatorCode(k + 1),
        name: `Chỉ tiêu ${k + 1}`,
        type: "integer" as const,
        min: 0,
        categories: ["GIOI_TINH", "NHOM_TUOI", "NGACH"],
      })),
    },
  ],
  rules: [],
};

type Setup = {
  regime: { id: string; code: string };
  communes: Organization[];
  client: { id: string; secret: string };
  /** The file of `rpt_values` under the PGlite data directory. */
  relationFile: string;
};

/** Every cell of every commune with its value; `variant` changes every value. */
function cellsOf(communes: Organization[], variant: number) {
  const cells: { orgUnit: string; indicator: string; combination: string; value: number }[] = [];
  for (const [c, commune] of communes.entries())
    for (let i = 1; i <= INDICATORS; i++)
      for (const [s, sex] of SEXES.entries())
        for (const [a, age] of AGES.entries())
          for (const [r, rank] of RANKS.entries())
            cells.push({
              orgUnit: commune.code,
              indicator: indicatorCode(i),
              combination: `${sex}.${age}.${rank}`,
              value: (c * 37 + i * 11 + s * 7 + a * 5 + r * 3 + variant * 101) % 500,
            });
  return cells;
}

async function prepare(rig: CrashRig): Promise<Setup> {
  return rig.offline(async (platform) => {
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { shortName: "BNV", name: "Bộ thử" });
    const province = await createTestOrganization(db, {
      shortName: "UBND",
      name: "Ủy ban nhân dân tỉnh thử",
      kind: "provincial_committee",
    });
    const communes: Organization[] = [];
    for (let c = 0; c < COMMUNES; c++)
      communes.push(
        await createTestOrganization(db, {
          shortName: "UBND",
          name: `Ủy ban nhân dân xã thử ${c + 1}`,
          kind: "commune_committee",
          parentId: province.id,
        }),
      );
    const regime = await createRegime({
      db,
      actor,
      input: {
        code: "BC-XA-THANG",
        name: "Báo cáo số lượng, chất lượng công chức cấp xã hằng tháng",
        legalBasis: "Kiểm thử",
        kind: "periodic",
        frequency: "monthly",
        windowRule: "calendar",
        deadlineRule: { kind: "day_of_month", day: 5, monthsAfterEnd: 1 },
        reportingRule: { kind: "organizations", organizationIds: communes.map((c) => c.id) },
        receivingOrganizationId: ministry.id,
        effectiveFrom: "2026-01-01",
      },
    });
    await saveDraftTemplate({ db, actor, regimeId: regime.id, definition: TEMPLATE });
    await publishTemplate({ db, actor, regimeId: regime.id });
    await setRegimeStatus({ db, actor, id: regime.id, status: "active" });
    // The province's system, allowed to push for the communes under it.
    const { client, clientSecret } = await createTestClient(platform, province.id, {
      kind: "machine",
      scopes: ["reports"],
      resources: [`${platform.ctx.config.publicUrl}/api/v1/reports`],
    });
    const { rows } = await sql<{ file: string }>`
      select pg_relation_filepath('rpt_values') as file`.execute(db);
    return {
      regime: { id: regime.id, code: regime.code },
      communes,
      client: { id: client.clientId, secret: clientSecret! },
      relationFile: rows[0]!.file,
    };
  });
}

async function tokenOf(server: ServerProcess, setup: Setup): Promise<string> {
  const resource = `${server.url}/api/v1/reports`;
  const basic = Buffer.from(`${setup.client.id}:${setup.client.secret}`).toString("base64");
  const response = await fetch(`${server.url}/oidc/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${basic}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "reports", resource }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

/**
 * Posts an import over a plain HTTP connection: `bodySent` settles when the whole body has been
 * handed to the socket, `answer` with the response (or the error of a dropped connection).
 */
function postImport(server: ServerProcess, token: string, body: string) {
  let sent!: () => void;
  const bodySent = new Promise<void>((resolve) => (sent = resolve));
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(`${server.url}/api/v1/reports/dataValueSets`, {
      method: "POST",
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      },
    });
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, text }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body, sent);
  });
  return { bodySent, answer };
}

/** Bytes of `rpt_values` on disk (uncommitted rows included), read beside the running server. */
async function relationSizer(rig: CrashRig, setup: Setup) {
  if (rig.database === "pglite") {
    const file = path.join(rig.env.DATA_DIR!, "pgdata", setup.relationFile);
    return { bytes: async () => fs.statSync(file).size, close: async () => {} };
  }
  const client = new pg.Client({ connectionString: rig.env.DATABASE_URL });
  await client.connect();
  return {
    bytes: async () =>
      Number(
        (await client.query<{ n: string }>("select pg_relation_size('rpt_values') as n")).rows[0]!
          .n,
      ),
    close: () => client.end(),
  };
}

type KillAt = { bodySent: true } | { grownBy: number } | { answered: true };

/**
 * Sends the import and SIGKILLs the server at `killAt`: before the answer (fails if the answer
 * came first — the kill would then prove nothing), or the moment a 200 answer has arrived (an
 * acknowledged import must then be there whole after the restart).
 */
async function importKilled(
  server: ServerProcess,
  token: string,
  body: string,
  killAt: KillAt,
  size: () => Promise<number>,
) {
  const before = await size();
  const { bodySent, answer } = postImport(server, token, body);
  let answered = false;
  const settled = answer.then(
    () => (answered = true),
    () => undefined,
  );
  await bodySent;
  if ("answered" in killAt) {
    const { status, text } = await answer;
    assert.equal(status, 200, text.slice(0, 2000));
    await server.kill();
    return (await size()) - before;
  }
  if ("grownBy" in killAt) {
    const deadline = Date.now() + 120_000;
    while (!answered && (await size()) - before < killAt.grownBy) {
      assert.ok(Date.now() < deadline, "the import had not written that much within two minutes");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  assert.ok(!answered, "the import finished before the kill");
  await server.kill();
  await settled;
  assert.ok(!answered, "the import finished before the kill");
  return (await size()) - before;
}

/** What is stored of a period: values by cell, the reports, and the imports audited. */
async function storedOf(db: Db, setup: Setup, periodId: string) {
  const { rows } = await sql<{ code: string; indicator: string; combination: string; v: string }>`
    select o.code, v.indicator, v.combination, v.value::text as v
    from rpt_values v join dir_organizations o on o.id = v.organization_id
    where v.regime_id = ${setup.regime.id} and v.period_id = ${periodId}`.execute(db);
  const reports = await sql<{ n: string | number }>`
    select count(*) as n from rpt_reports
    where regime_id = ${setup.regime.id} and period_id = ${periodId}`.execute(db);
  const audited = (await searchAudit(db, { targetId: setup.regime.id, limit: 1000 })).filter(
    (e) =>
      e.action === "reports.values_imported" && (e.details.periods as string[]).includes(periodId),
  );
  return {
    values: new Map(rows.map((r) => [`${r.code}/${r.indicator}/${r.combination}`, Number(r.v)])),
    reports: Number(reports.rows[0]!.n),
    imports: audited.length,
  };
}

/** Whether the stored values are exactly `cells` (every one, nothing else). */
function holdsExactly(values: Map<string, number>, cells: ReturnType<typeof cellsOf>) {
  return (
    values.size === cells.length &&
    cells.every((c) => values.get(`${c.orgUnit}/${c.indicator}/${c.combination}`) === c.value)
  );
}

describe("reports: a bulk import across a crash (SIGKILL)", { timeout: 900_000 }, () => {
  const cleanups: (() => unknown)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("leaves an import killed in flight whole or absent, never partial, keeps an acknowledged one, and takes it again once", async (t) => {
    const rig = await createCrashRig("importcrash");
    cleanups.push(() => rig.cleanup());
    const setup = await prepare(rig);
    const sizer = await relationSizer(rig, setup);
    cleanups.push(() => sizer.close());
    const first = cellsOf(setup.communes, 0);
    const changed = cellsOf(setup.communes, 1);
    const body = (periodId: string, cells: ReturnType<typeof cellsOf>) =>
      JSON.stringify({
        dataSet: setup.regime.code,
        period: periodId,
        dataValues: cells.map((c) => ({
          dataElement: c.indicator,
          categoryOptionCombo: c.combination,
          orgUnit: c.orgUnit,
          value: String(c.value),
        })),
      });
    const imported = async (server: ServerProcess, payload: string) => {
      const { answer } = postImport(server, await tokenOf(server, setup), payload);
      const { status, text } = await answer;
      assert.equal(status, 200, text.slice(0, 2000));
      return JSON.parse(text) as ImportSummary;
    };

    let server = await rig.start();
    // A whole import first: how long it takes and how much `rpt_values` grows by.
    const sizeBefore = await sizer.bytes();
    const started = performance.now();
    const whole = await imported(server, body("202601", first));
    assert.deepEqual(whole.importCount, { imported: VALUES, updated: 0, ignored: 0, deleted: 0 });
    const growth = (await sizer.bytes()) - sizeBefore;
    t.diagnostic(
      `${rig.database}: ${VALUES} values (${(body("202601", first).length / 2 ** 20).toFixed(1)} MiB) ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s, rpt_values +${growth} bytes`,
    );
    assert.ok(growth > 0);

    const rounds: {
      name: string;
      periodId: string;
      before?: ReturnType<typeof cellsOf>;
      cells: ReturnType<typeof cellsOf>;
      killAt: KillAt;
    }[] = [
      { name: "body sent", periodId: "202602", cells: first, killAt: { bodySent: true } },
      { name: "first rows written", periodId: "202603", cells: first, killAt: { grownBy: 1 } },
      {
        name: "half the rows written",
        periodId: "202604",
        cells: first,
        killAt: { grownBy: growth / 2 },
      },
      {
        name: "changing stored values, a third written",
        periodId: "202601",
        before: first,
        cells: changed,
        killAt: { grownBy: growth / 3 },
      },
      { name: "the answer received", periodId: "202605", cells: first, killAt: { answered: true } },
    ];
    for (const round of rounds) {
      const grown = await importKilled(
        server,
        await tokenOf(server, setup),
        body(round.periodId, round.cells),
        round.killAt,
        sizer.bytes,
      );
      if ("grownBy" in round.killAt) assert.ok(grown >= round.killAt.grownBy);

      const state = await rig.offline(({ ctx }) => storedOf(ctx.db, setup, round.periodId));
      const previous = round.before ? 1 : 0;
      const absent = round.before
        ? holdsExactly(state.values, round.before) &&
          state.reports === COMMUNES &&
          state.imports === previous
        : state.values.size === 0 && state.reports === 0 && state.imports === 0;
      const there =
        holdsExactly(state.values, round.cells) &&
        state.reports === COMMUNES &&
        state.imports === previous + 1;
      if ("answered" in round.killAt)
        assert.ok(there, `acknowledged, then killed: ${state.values.size} values stored`);
      assert.ok(
        absent || there,
        `killed at "${round.name}": ${state.values.size} values, ${state.reports} reports, ` +
          `${state.imports} imports audited — neither the import whole nor none of it`,
      );
      t.diagnostic(
        `killed at "${round.name}" (rpt_values +${grown} bytes): ${there ? "whole" : "absent"}`,
      );

      server = await rig.start();
      const again = await imported(server, body(round.periodId, round.cells));
      const count = { imported: 0, updated: 0, ignored: 0, deleted: 0 };
      if (there) count.ignored = VALUES;
      else if (round.before) count.updated = VALUES;
      else count.imported = VALUES;
      assert.deepEqual(again.importCount, count, `sent again after "${round.name}"`);
    }
    await server.stop();

    await rig.offline(async ({ ctx }) => {
      for (const [periodId, cells, imports] of [
        ["202601", changed, 2],
        ["202602", first, 1],
        ["202603", first, 1],
        ["202604", first, 1],
        ["202605", first, 1],
      ] as const) {
        const state = await storedOf(ctx.db, setup, periodId);
        assert.ok(holdsExactly(state.values, cells), `${periodId}: exactly the values sent`);
        assert.deepEqual([state.reports, state.imports], [COMMUNES, imports], periodId);
      }
    });
  });
});
