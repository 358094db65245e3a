/**
 * Document search over 100,000 documents, on PGlite and on PostgreSQL, beside baselines measured
 * in the same run on the same data:
 * - the earlier list search (`listDocuments` with `q`: `search_text LIKE '%word%'`, no index, no
 *   PDF text), the sequential scan this search replaces;
 * - reading one document by primary key, the floor of any query through the same stack.
 *
 * Documents are inserted in bulk (1,000 a statement, through the real tables and triggers); one in
 * five carries about 1.5 kB of extracted PDF text. Each query class runs QUERIES times with
 * different words, in process (service, repository, driver), after a warm-up.
 */
import { randomInt } from "node:crypto";
import { sql } from "kysely";
import type { Actor } from "../apps/server/src/core/actor.ts";
import { openDatabase, type Database } from "../apps/server/src/core/db/index.ts";
import { migrate } from "../apps/server/src/core/db/migrate.ts";
import { newId } from "../apps/server/src/core/ids.ts";
import { foldVietnamese } from "../apps/server/src/core/text.ts";
import { scratchPostgresDatabase } from "../apps/server/src/core/testing/processes.ts";
import { createTestOrganization, userActor } from "../apps/server/src/modules/directory/testing.ts";
import { listDocuments, searchTextOf } from "../apps/server/src/modules/documents/documents.ts";
import { selectDocument } from "../apps/server/src/modules/documents/documents-repo.ts";
import { searchDocuments, type SearchQuery } from "../apps/server/src/modules/documents/search.ts";
import { migrationSources } from "../apps/server/src/modules/index.ts";
import { median, percentile, postgresAdminUrl, printTable, writeResults, type Row } from "./lib.ts";

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 40);
const BATCH = 1000;

const ACTIONS = [
  "triển khai",
  "hướng dẫn",
  "báo cáo",
  "tổng kết",
  "kiểm tra",
  "đôn đốc",
  "góp ý",
  "phê duyệt",
  "điều chỉnh",
  "tăng cường",
];
const TOPICS = [
  "chuyển đổi số",
  "cải cách hành chính",
  "công tác cán bộ",
  "tuyển dụng công chức",
  "thi đua khen thưởng",
  "văn thư lưu trữ",
  "chế độ tiền lương",
  "đào tạo bồi dưỡng",
  "sắp xếp đơn vị hành chính",
  "chính quyền điện tử",
  "an toàn thông tin",
  "phòng chống tham nhũng",
];
const PROVINCES = [
  "Hà Nội",
  "Hải Phòng",
  "Quảng Ninh",
  "Thanh Hóa",
  "Nghệ An",
  "Hà Tĩnh",
  "Quảng Trị",
  "Thừa Thiên Huế",
  "Đà Nẵng",
  "Quảng Nam",
  "Khánh Hòa",
  "Lâm Đồng",
  "Đắk Lắk",
  "Bình Dương",
  "Đồng Nai",
  "Hồ Chí Minh",
  "Cần Thơ",
  "An Giang",
  "Kiên Giang",
  "Cà Mau",
];
const TYPES = [
  ["QD", "QĐ"],
  ["CV", ""],
  ["KH", "KH"],
  ["BC", "BC"],
  ["TTr", "TTr"],
  ["TB", "TB"],
] as const;
const PROSE = foldVietnamese(
  "Căn cứ Nghị định số 30/2020/NĐ-CP về công tác văn thư; để thực hiện hiệu quả nhiệm vụ được giao, đề nghị các cơ quan, đơn vị chủ động phối hợp, rà soát, tổng hợp số liệu và báo cáo kết quả thực hiện trước ngày hết hạn; trong quá trình triển khai nếu có khó khăn, vướng mắc kịp thời phản ánh để được hướng dẫn giải quyết.",
).split(" ");

const pick = <T>(list: readonly T[]) => list[randomInt(list.length)]!;

type Made = { number: number; symbol: string; province: string; topic: string; caseCode?: string };

function documentRow(i: number, organizationId: string) {
  const incoming = i % 2 === 0;
  const [typeCode, abbreviation] = pick(TYPES);
  const number = 1 + Math.floor(i / 2);
  const province = pick(PROVINCES);
  const topic = pick(TOPICS);
  const symbol = incoming
    ? `${number}/${abbreviation || "UBND"}-VP`
    : abbreviation
      ? `${number}/${abbreviation}-BNV`
      : `${number}/BNV-VP`;
  const subject = `V/v ${pick(ACTIONS)} ${topic} năm ${2020 + (i % 7)}`;
  const sender = incoming
    ? {
        code: `000.00.00.H${String(PROVINCES.indexOf(province) + 10)}`,
        name: `Ủy ban nhân dân tỉnh ${province}`,
      }
    : null;
  const day = new Date(Date.UTC(2026, 0, 1) + (i % 330) * 86_400_000).toISOString().slice(0, 10);
  return {
    made: { number, symbol, province, topic } satisfies Made,
    row: {
      id: newId(),
      organization_id: organizationId,
      direction: incoming ? "incoming" : "outgoing",
      status: incoming ? "accepted" : "issued",
      type_code: typeCode,
      subject,
      summary: null,
      urgency: i % 10 === 0 ? "khan" : "normal",
      confidentiality: i % 50 === 0 ? "mat" : "none",
      number,
      symbol,
      document_date: day,
      sender_code: sender?.code ?? null,
      sender_name: sender?.name ?? null,
      search_text: searchTextOf([subject, symbol, sender?.name]),
      created_by: null,
      created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    },
  };
}

/** About 1.5 kB of folded prose with a case code only this document carries. */
function contentOf(i: number): { text: string; caseCode: string } {
  const caseCode = `hs${String(i).padStart(6, "0")}`;
  const words = Array.from({ length: 220 }, () => pick(PROSE));
  words.splice(randomInt(words.length), 0, "ma", "ho", "so", caseCode);
  return { text: words.join(" "), caseCode };
}

async function load(database: Database) {
  const db = database.db;
  await migrate(db, migrationSources());
  const ours = await createTestOrganization(db, { shortName: "BNV", name: "Bộ Nội vụ" });
  const other = await createTestOrganization(db, { shortName: "BTP", name: "Bộ Tư pháp" });
  const made: Made[] = [];
  const started = performance.now();
  for (let start = 0; start < DOCUMENTS; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, DOCUMENTS - start) }, (_, k) => {
      const i = start + k;
      // One document in ten belongs to another organization: the search must not see them.
      return documentRow(i, i % 10 === 9 ? other.id : ours.id);
    });
    await db
      .insertInto("doc_documents")
      .values(batch.map((b) => b.row))
      .execute();
    const withText = batch.flatMap((b, k) => ((start + k) % 5 === 0 ? [{ b, i: start + k }] : []));
    const texts = withText.map(({ b, i }) => ({ id: b.row.id, ...contentOf(i) }));
    for (const [k, { b }] of withText.entries()) (b.made as Made).caseCode = texts[k]!.caseCode;
    if (texts.length > 0)
      await sql`update doc_search as s set content = v.text
        from (values ${sql.join(texts.map((t) => sql`(${t.id}::uuid, ${t.text})`))}) as v (id, text)
        where s.document_id = v.id`.execute(db);
    made.push(...batch.filter((b) => b.row.organization_id === ours.id).map((b) => b.made));
  }
  const loadSeconds = (performance.now() - started) / 1000;
  await sql`analyze`.execute(db);
  return { ours: ours.id, made, loadSeconds };
}

async function timed(run: () => Promise<unknown>, times: number): Promise<number[]> {
  const samples: number[] = [];
  for (let n = 0; n < times; n++) {
    const at = performance.now();
    await run();
    samples.push(performance.now() - at);
  }
  return samples;
}

async function benchDatabase(kind: "pglite" | "postgres") {
  let database: Database;
  let drop = async () => {};
  if (kind === "postgres") {
    const scratch = await scratchPostgresDatabase(postgresAdminUrl(), "lt_bench_search");
    database = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
    drop = scratch.drop;
  } else {
    database = await openDatabase({});
  }
  try {
    const { ours, made, loadSeconds } = await load(database);
    const db = database.db;
    const actor: Actor = userActor({ organizationId: ours, roles: ["specialist"] });
    const sample = () => pick(made);
    const withText = made.filter((m) => m.caseCode);
    const classes: { name: string; query: () => SearchQuery }[] = [
      {
        name: "common topic (3 words, ~8 % of documents)",
        query: () => ({ q: foldVietnamese(sample().topic) }),
      },
      {
        name: "topic + province (5–7 words, ~0.4 %)",
        query: () => {
          const m = sample();
          return { q: `${m.topic} ${m.province}` };
        },
      },
      { name: 'symbol ("1234/QĐ-BNV", one document)', query: () => ({ q: sample().symbol }) },
      {
        name: "word only in PDF text (one document)",
        query: () => ({ q: pick(withText).caseCode! }),
      },
      { name: "no hit", query: () => ({ q: `khongco${randomInt(1e6)}` }) },
      {
        name: "filters only (incoming, khẩn, a month)",
        query: () => ({
          direction: "incoming",
          urgency: "khan",
          from: "2026-03-01",
          to: "2026-03-31",
        }),
      },
    ];
    const results = [];
    for (const c of classes) {
      const queries = Array.from({ length: QUERIES }, c.query);
      let n = 0;
      const ours = () => searchDocuments(db, actor, queries[n++ % queries.length]!);
      let b = 0;
      const baseline = () => {
        const query = queries[b++ % queries.length]!;
        return listDocuments({ db, actor, q: query.q, direction: query.direction, limit: 20 });
      };
      await timed(ours, 5);
      await timed(baseline, 3);
      const oursMs = await timed(ours, QUERIES);
      const baselineMs = await timed(baseline, Math.min(QUERIES, 20));
      results.push({ name: c.name, ours: oursMs, baseline: baselineMs });
    }
    const ids = (await sql<{ id: string }>`select id from doc_documents limit 200`.execute(db))
      .rows;
    let k = 0;
    const byId = await timed(() => selectDocument(db, ids[k++ % ids.length]!.id), QUERIES);
    const size = await sql<{ bytes: number }>`
      select pg_total_relation_size('doc_search')::bigint as bytes`.execute(db);
    return {
      kind,
      documents: DOCUMENTS,
      loadSeconds,
      searchMiB: size.rows[0]!.bytes / 2 ** 20,
      results,
      byId,
    };
  } finally {
    await database.close();
    await drop();
  }
}

const runs = [];
for (const kind of ["pglite", "postgres"] as const) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) continue;
  runs.push(await benchDatabase(kind));
}
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const rows: Row[] = runs.flatMap((r) => [
  ...r.results.map((c) => ({
    benchmark: `search: ${c.name}`,
    database: r.kind,
    ours: `p50 ${ms(median(c.ours))}, p95 ${ms(percentile(c.ours, 95))}`,
    baselineName: "list search (sequential LIKE, no PDF text)",
    baseline: `p50 ${ms(median(c.baseline))}, p95 ${ms(percentile(c.baseline, 95))}`,
    ratio: `${(median(c.ours) / median(c.baseline)).toFixed(2)}×`,
  })),
  {
    benchmark: `one document by primary key (floor); load ${r.loadSeconds.toFixed(0)} s, search tables ${r.searchMiB.toFixed(0)} MiB`,
    database: r.kind,
    ours: `p50 ${ms(median(r.byId))}, p95 ${ms(percentile(r.byId, 95))}`,
    baselineName: "—",
    baseline: "—",
    ratio: "—",
  },
]);
printTable(`Document search, ${DOCUMENTS.toLocaleString("en")} documents`, rows);
console.log(
  `\nResults: ${writeResults(
    "document-search",
    runs.map((r) => ({
      ...r,
      results: r.results.map((c) => ({
        name: c.name,
        oursP50: median(c.ours),
        oursP95: percentile(c.ours, 95),
        baselineP50: median(c.baseline),
        baselineP95: percentile(c.baseline, 95),
      })),
      byId: { p50: median(r.byId), p95: percentile(r.byId, 95) },
    })),
  )}`,
);
