/**
 * PAdES benchmarks beside `openssl speed rsa2048`, measured in the same run on the same machine:
 * - signing a 1 MB, 10-page PDF at B-B and at B-T (timestamp from an in-process TSA), whole
 *   (load, incremental save, hash, sign) and the signing step alone once the document is
 *   prepared (signed attributes, RSA-2048, CMS) — the step the goal compares with openssl;
 * - validating a 10-page PDF with two signatures, chain and revocation from data in memory.
 * Each case runs for a few seconds at most, so a slow shared machine shortens the run.
 */
import { execFileSync } from "node:child_process";
import {
  createCmsSignature,
  createDemoPki,
  preparePdfSignature,
  signPdf,
  validatePdfSignatures,
  type TimestampSource,
} from "../packages/pki/src/index.ts";
import { makeTestPdf } from "../packages/pki/src/pdf/test-documents.ts";
import { tokenFromResponse } from "../packages/pki/src/tsp/parse-token.ts";
import { buildTimestampRequest } from "../packages/pki/src/tsp/request-timestamp.ts";
import { respondTimestamp } from "../packages/pki/src/tsp/respond-timestamp.ts";
import { closedLoop, median, printTable, writeResults, type LoadResult, type Row } from "./lib.ts";

const CASE_MS = Number(process.env.BENCH_CASE_MS ?? 3000);

/** `openssl speed -seconds 3 rsa2048`: RSA-2048 sign/s and verify/s on this machine. */
function opensslRsa2048() {
  const out = execFileSync("openssl", ["speed", "-seconds", "3", "rsa2048"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const m = /^rsa\s+2048 bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)/m.exec(out);
  if (!m) throw new Error(`openssl speed output not understood:\n${out}`);
  return { signPerSecond: Number(m[1]), verifyPerSecond: Number(m[2]) };
}

const run = (operation: () => Promise<boolean>) =>
  closedLoop({ count: 100_000, concurrency: 1, maxMs: CASE_MS, operation });

const demo = await createDemoPki({ keyType: "RSA" });
const crls = [await demo.crl("root-ca"), await demo.crl("issuing-ca")];
let serial = 1n;
const timestamp: TimestampSource = async ({ imprint, digest }) =>
  tokenFromResponse(
    await respondTimestamp({
      request: buildTimestampRequest({
        digest: imprint,
        hashAlgorithm: digest === "sha1" ? "sha256" : digest,
        nonce: new Uint8Array(8).fill(7),
      }),
      signer: demo.tsa.signer,
      serial: serial++,
      now: new Date(),
      policy: "1.3.6.1.4.1.99999.1",
    }),
  );

const pdf = await makeTestPdf({ pages: 10, bytes: 1_000_000 });
const prepared = await preparePdfSignature({ pdf });
const twoSigned = await signPdf({
  pdf: await signPdf({ pdf: await makeTestPdf({ pages: 10 }), signer: demo.leader.signer }),
  signer: demo.seal.signer,
});

const openssl = opensslRsa2048();
const cases: Record<string, LoadResult> = {
  signB: await run(async () => (await signPdf({ pdf, signer: demo.seal.signer })).length > 0),
  signT: await run(
    async () =>
      (await signPdf({ pdf, signer: demo.seal.signer, level: "B-T", timestamp })).length > 0,
  ),
  cmsB: await run(
    async () =>
      (
        await createCmsSignature({
          signer: demo.seal.signer,
          contentDigest: prepared.contentDigest,
        })
      ).length > 0,
  ),
  validate: await run(async () => {
    const report = await validatePdfSignatures({
      pdf: twoSigned,
      trustAnchors: [demo.root.certificate],
      revocation: { crls },
    });
    return report.indication === "TOTAL_PASSED";
  }),
};

const perSecond = (r: LoadResult) => r.perSecond.toFixed(1);
const ratio = (ours: number, base: number) => `${(base / ours).toFixed(2)}× slower`;
const rows: Row[] = [
  ["PAdES B-B, 1 MB 10 pages, whole (sign/s)", cases.signB!],
  ["PAdES B-T, 1 MB 10 pages, whole (sign/s)", cases.signT!],
  ["PAdES signing step once prepared (sign/s)", cases.cmsB!],
].map(([benchmark, r]) => ({
  benchmark: benchmark as string,
  database: "—",
  ours: perSecond(r as LoadResult),
  baselineName: "openssl speed rsa2048 sign/s",
  baseline: openssl.signPerSecond.toFixed(1),
  ratio: ratio((r as LoadResult).perSecond, openssl.signPerSecond),
}));
rows.push({
  benchmark: `Validate 10 pages, 2 signatures (median ${median(cases.validate!.latenciesMs).toFixed(1)} ms)`,
  database: "—",
  ours: `${perSecond(cases.validate!)} /s`,
  baselineName: "openssl speed rsa2048 verify/s",
  baseline: openssl.verifyPerSecond.toFixed(1),
  ratio: ratio(cases.validate!.perSecond, openssl.verifyPerSecond),
});
printTable("PAdES signing and validation (RSA-2048, one process, one at a time)", rows);
const file = writeResults("pades", {
  openssl,
  cases: Object.fromEntries(
    Object.entries(cases).map(([name, r]) => [
      name,
      {
        perSecond: r.perSecond,
        medianMs: median(r.latenciesMs),
        succeeded: r.succeeded,
        ...(r.firstError ? { firstError: r.firstError } : {}),
      },
    ]),
  ),
  goals: {
    signingStepWithin2xOfOpenssl: cases.cmsB!.perSecond * 2 >= openssl.signPerSecond,
    validationUnder20ms: median(cases.validate!.latenciesMs) < 20,
  },
});
console.log(`\n${file}`);
