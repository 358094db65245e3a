/**
 * edXML throughput, beside baselines measured in the same run on the same process:
 * - parsing (`parseEdxml`: model, validation, base64 decoding and checking of attachments) vs
 *   plain parsing of the same bytes with saxes alone, the underlying parser, doing nothing with
 *   the events;
 * - building (`buildEdoc`: validation, escaping, incremental base64) vs Node's own base64 encoding
 *   of the same attachment plus the header, the floor for writing the package.
 * Two packages: one with a ~5 MB attachment and one with the header only. Ours and the baselines
 * alternate in rounds so a neighbour's burst on a shared machine falls on both; the whole run is
 * bounded to a few seconds.
 */
import { randomBytes } from "node:crypto";
import { SaxesParser } from "saxes";
import { buildEdoc, parseEdxml, type AttachmentSource } from "@lienthong/edxml";
import { buildAttachment, buildEdocModel } from "../packages/edxml/src/testing/factories.ts";
import { median, printTable, writeResults, type Row } from "./lib.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Each measurement repeats its operation for at least this long. */
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 150);
const MB = 1e6;

async function throughput(bytes: number, operation: () => Promise<unknown>): Promise<number> {
  let runs = 0;
  const started = performance.now();
  do {
    await operation();
    runs += 1;
  } while (performance.now() - started < MIN_MS);
  return (bytes * runs) / MB / ((performance.now() - started) / 1000);
}

/** saxes alone, in the same 64 KiB slices our reader feeds it, handlers doing nothing. */
function saxesOnly(text: string) {
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on("text", () => undefined);
  parser.on("opentag", () => undefined);
  for (let i = 0; i < text.length; i += 65536) parser.write(text.slice(i, i + 65536));
  parser.close();
}

type Case = { name: string; attachments: () => AttachmentSource[]; raw: Uint8Array[] };

async function measure(c: Case) {
  const edoc = buildEdocModel();
  const bytes = await buildEdoc({ edoc, attachments: c.attachments() }).bytes();
  const text = Buffer.from(bytes).toString("utf8");
  const header = await buildEdoc({ edoc }).text();
  const samples = {
    parse: [] as number[],
    saxes: [] as number[],
    build: [] as number[],
    base64: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    samples.parse.push(await throughput(bytes.length, () => parseEdxml({ input: bytes })));
    samples.saxes.push(
      await throughput(bytes.length, async () => saxesOnly(Buffer.from(bytes).toString("utf8"))),
    );
    samples.build.push(
      await throughput(bytes.length, () =>
        buildEdoc({ edoc, attachments: c.attachments() }).bytes(),
      ),
    );
    samples.base64.push(
      await throughput(bytes.length, async () =>
        Buffer.concat([
          Buffer.from(header),
          ...c.raw.map((r) => Buffer.from(Buffer.from(r).toString("base64"))),
        ]),
      ),
    );
  }
  const [parse, saxes, build, base64] = [
    samples.parse,
    samples.saxes,
    samples.build,
    samples.base64,
  ].map(median) as [number, number, number, number];
  return {
    name: c.name,
    sizeBytes: bytes.length,
    textLength: text.length,
    parse,
    saxes,
    build,
    base64,
    samples,
  };
}

const attachment = new Uint8Array(randomBytes(5 * 1024 * 1024));
const cases: Case[] = [
  {
    name: "5 MB attachment",
    attachments: () => [buildAttachment({ content: attachment })],
    raw: [attachment],
  },
  { name: "header only", attachments: () => [], raw: [] },
];

const results = [];
for (const c of cases) results.push(await measure(c));

const fmt = (mbs: number) => `${mbs.toFixed(1)} MB/s`;
const rows: Row[] = results.flatMap((r) => [
  {
    benchmark: `parse, ${r.name} (${(r.sizeBytes / MB).toFixed(2)} MB)`,
    database: "—",
    ours: fmt(r.parse),
    baselineName: "saxes alone",
    baseline: fmt(r.saxes),
    ratio: `${(r.parse / r.saxes).toFixed(2)}×`,
  },
  {
    benchmark: `build, ${r.name}`,
    database: "—",
    ours: fmt(r.build),
    baselineName: "header + Buffer base64",
    baseline: fmt(r.base64),
    ratio: `${(r.build / r.base64).toFixed(2)}×`,
  },
]);
printTable("edXML throughput (median of rounds; ratio > 1 means faster than the baseline)", rows);
const file = writeResults("edxml", { rounds: ROUNDS, minMsPerSample: MIN_MS, results });
console.log(`\n${file}`);
