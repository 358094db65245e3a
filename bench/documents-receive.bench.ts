/**
 * Receiving official documents, on PGlite and on PostgreSQL: edXML packages (each a sealed
 * package carrying a PDF signed by a leader and sealed by the agency, PAdES B-T) received and
 * registered per second — package XML-DSig and certificate path checked, every PDF signature
 * validated with revocation, files stored, the document, its checks, timeline, audit entry and
 * status 01 written, then the clerk's acceptance registering it with an incoming number and
 * queuing statuses 03/04 — beside a baseline measured in the same run on the same packages: the
 * signature checks alone (the same verification code, nothing stored).
 *
 * Ours and the baseline alternate in rounds so a neighbour's burst on the shared machine falls on
 * both. Everything runs in this process; revocation answers come from the platform's own /pki
 * over loopback HTTP and are cached, as in production.
 */
import { parseEdxml } from "@lienthong/edxml";
import type { Actor } from "../apps/server/src/core/actor.ts";
import { createTestOrganization } from "../apps/server/src/modules/directory/testing.ts";
import { acceptIncoming } from "../apps/server/src/modules/documents/incoming-actions.ts";
import {
  checkPackageSignature,
  incomingValidator,
} from "../apps/server/src/modules/documents/incoming-checks.ts";
import {
  buildTestEdoc,
  sealedEdocPackage,
  signedTestPdf,
} from "../apps/server/src/modules/documents/incoming-testing.ts";
import { receivePackage } from "../apps/server/src/modules/documents/incoming.ts";
import { createTestUser } from "../apps/server/src/modules/identity/testing.ts";
import {
  closedLoop,
  mergeLoads,
  percentile,
  printTable,
  writeResults,
  type LoadResult,
  type Row,
} from "./lib.ts";
import { startBenchPlatform } from "./platform.ts";

const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 240);
const ROUNDS = 3;
const CONCURRENCY = 4;
const ROUND_MS = 60_000;

async function benchDatabase(kind: "pglite" | "postgres") {
  const { platform, close } = await startBenchPlatform(kind, "docs");
  try {
    const { ctx } = platform;
    const sender = await createTestOrganization(ctx.db, { shortName: "UBND" });
    const ours = await createTestOrganization(ctx.db, { shortName: "SNV" });
    const created = await createTestUser(platform, { organizationId: ours.id, roles: ["clerk"] });
    const clerk: Actor = {
      kind: "user",
      userId: created.user.id,
      username: created.user.username,
      displayName: "Văn thư",
      organizationId: ours.id,
      roles: ["clerk"],
      via: "session",
    };
    const pdf = await signedTestPdf(ctx);
    const packages: Uint8Array[] = [];
    for (let i = 0; i < PACKAGES; i += 1)
      packages.push(
        new TextEncoder().encode(await sealedEdocPackage(ctx, buildTestEdoc(sender, [ours]), pdf)),
      );
    const { anchors, validator, revocation } = await incomingValidator(ctx);
    // Warm both paths (revocation cache, code) on packages outside the measured set.
    const warm = new TextEncoder().encode(
      await sealedEdocPackage(ctx, buildTestEdoc(sender, [ours]), pdf),
    );
    await receivePackage(ctx, { source: warm, via: "lgsp", actor: null });

    const perRound = Math.ceil(PACKAGES / ROUNDS);
    const oursRounds: LoadResult[] = [];
    const checksRounds: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const slice = packages.slice(round * perRound, (round + 1) * perRound);
      oursRounds.push(
        await closedLoop({
          count: slice.length,
          concurrency: CONCURRENCY,
          maxMs: ROUND_MS,
          operation: async (i) => {
            const outcome = await receivePackage(ctx, {
              source: slice[i]!,
              via: "lgsp",
              actor: null,
            });
            if (outcome.outcome !== "arrived") throw new Error(`outcome ${outcome.outcome}`);
            await acceptIncoming(ctx, { actor: clerk, id: outcome.documents[0]!.id });
            return true;
          },
        }),
      );
      checksRounds.push(
        await closedLoop({
          count: slice.length,
          concurrency: CONCURRENCY,
          maxMs: ROUND_MS,
          operation: async (i) => {
            const xml = Buffer.from(slice[i]!).toString("utf8");
            const packageCheck = await checkPackageSignature(xml, anchors, revocation);
            const parsed = await parseEdxml({ input: xml, attachmentsInMemory: true });
            if (parsed.kind !== "edoc") throw new Error("not an edoc");
            const report = await validator.validate({
              pdf: parsed.attachments[0]!.content as Uint8Array,
            });
            return (
              packageCheck.indication === "TOTAL_PASSED" && report.indication === "TOTAL_PASSED"
            );
          },
        }),
      );
    }
    return {
      kind,
      ours: summary(mergeLoads(oursRounds)),
      checks: summary(mergeLoads(checksRounds)),
    };
  } finally {
    await close();
  }
}

function summary(load: LoadResult) {
  return {
    attempted: load.attempted,
    succeeded: load.succeeded,
    seconds: load.seconds,
    perSecond: load.perSecond,
    p50Ms: percentile(load.latenciesMs, 50),
    p99Ms: percentile(load.latenciesMs, 99),
    ...(load.firstError ? { firstError: load.firstError } : {}),
  };
}

const results = [];
for (const kind of ["pglite", "postgres"] as const) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) continue;
  results.push(await benchDatabase(kind));
}

const f = (n: number, unit: string) => `${n.toFixed(n < 10 ? 2 : 0)} ${unit}`;
const rows: Row[] = results.flatMap((r) => [
  {
    benchmark: `packages received and registered (${r.ours.succeeded} of ${r.ours.attempted}, concurrency ${CONCURRENCY}, package + 2 PDF signatures checked)`,
    database: r.kind,
    ours: f(r.ours.perSecond, "pkg/s"),
    baselineName: "the signature checks alone, same packages, nothing stored",
    baseline: f(r.checks.perSecond, "pkg/s"),
    ratio: `${(r.checks.perSecond / r.ours.perSecond).toFixed(1)}×`,
  },
  {
    benchmark: "latency per package p50 / p99",
    database: r.kind,
    ours: `${f(r.ours.p50Ms, "ms")} / ${f(r.ours.p99Ms, "ms")}`,
    baselineName: "signature checks alone p50 / p99",
    baseline: `${f(r.checks.p50Ms, "ms")} / ${f(r.checks.p99Ms, "ms")}`,
    ratio: `${(r.ours.p50Ms / r.checks.p50Ms).toFixed(1)}× / ${(r.ours.p99Ms / r.checks.p99Ms).toFixed(1)}×`,
  },
]);
printTable(
  "Receiving and registering documents (ratio = baseline ÷ ours for rates, ours ÷ baseline for latency)",
  rows,
);
for (const r of results)
  for (const [name, load] of [
    ["ours", r.ours],
    ["checks", r.checks],
  ] as const)
    if (load.firstError) console.log(`${r.kind} ${name}: first error: ${load.firstError}`);
console.log(`\nresults: ${writeResults("documents-receive", results)}`);
process.exit(0);
