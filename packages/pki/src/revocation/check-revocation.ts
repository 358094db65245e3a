import { randomBytes } from "node:crypto";
import type { Bilingual } from "../x509/names.ts";
import type { ParsedCertificate } from "../x509/certificate.ts";
import { PkiError } from "../x509/errors.ts";
import type { RevocationCache } from "./cache.ts";
import { crlProblem, parseCrl } from "./crl.ts";
import { fetchBytes, type FetchPolicy } from "./fetch.ts";
import { buildOcspRequest, findStatus, ocspProblem, parseOcspResponse } from "./ocsp.ts";
import type { RevocationReason } from "./reasons.ts";

/** Where revocation data may come from, tried in this order: offline, cache, network. */
export type RevocationSources = {
  /** Data the caller already holds, e.g. from a PDF's DSS or a CMS signature's attributes. */
  offline?: { crls?: readonly Uint8Array[]; ocspResponses?: readonly Uint8Array[] };
  cache?: RevocationCache;
  /** Fetch from the certificate's OCSP URL (preferred) or CRL distribution points. */
  fetch?: boolean | FetchPolicy;
};

export type RevocationStatus = {
  status: "good" | "revoked" | "unknown";
  source?: "ocsp" | "crl";
  revocationTime?: Date;
  reason?: RevocationReason;
  /** The DER actually relied on, for embedding (PDF DSS, CAdES revocation values). */
  crls: Uint8Array[];
  ocspResponses: Uint8Array[];
  problems: Bilingual[];
};

type Pair = { certificate: ParsedCertificate; issuer: ParsedCertificate; at: Date };
type Verdict = Omit<RevocationStatus, "crls" | "ocspResponses" | "problems"> & {
  der: Uint8Array;
  expires: Date;
};

const problem = (text: string): Bilingual => {
  const [vi, en] = text.split(" / ");
  return { vi: vi ?? text, en: en ?? text };
};
const HOUR = 3_600_000;

/** An answer covers `at` unless its nextUpdate is already behind `at` (then it may have been superseded). */
const covers = (nextUpdate: Date | undefined, at: Date) =>
  nextUpdate === undefined || nextUpdate >= at;

/** A verdict, a reason the datum cannot be used, or null when it is about another certificate. */
type Outcome = Verdict | string | null;

function fromOcsp(der: Uint8Array, pair: Pair, nonce?: Uint8Array): Outcome {
  const response = parseOcspResponse(der);
  const single = findStatus(response, pair.certificate, pair.issuer);
  if (response.responseStatus === 0 && !single) return null;
  const wrong = ocspProblem(response, pair.issuer);
  if (wrong) return wrong;
  if (!single) return null;
  if (nonce && response.nonce && !Buffer.from(response.nonce).includes(Buffer.from(nonce)))
    return "nonce OCSP không khớp / OCSP nonce mismatch";
  if (!covers(single.nextUpdate, pair.at)) return "OCSP đã cũ / OCSP response is stale";
  const expires = single.nextUpdate ?? new Date(single.thisUpdate.getTime() + HOUR);
  if (single.status === "unknown") return "OCSP trả lời: không biết / OCSP answered unknown";
  const revokedThen = single.status === "revoked" && single.revocationTime! <= pair.at;
  return {
    status: revokedThen ? "revoked" : "good",
    source: "ocsp",
    der,
    expires,
    ...(single.status === "revoked"
      ? { revocationTime: single.revocationTime!, reason: single.reason! }
      : {}),
  };
}

function fromCrl(der: Uint8Array, pair: Pair): Outcome {
  const crl = parseCrl(der);
  if (!Buffer.from(crl.issuerDer).equals(Buffer.from(pair.issuer.subjectDer))) return null;
  const wrong = crlProblem(crl, pair.issuer);
  if (wrong) return wrong;
  if (!covers(crl.nextUpdate, pair.at)) return "CRL đã cũ / CRL is stale";
  const entry = crl.revoked.get(pair.certificate.serialNumber);
  const expires = crl.nextUpdate ?? new Date(crl.thisUpdate.getTime() + HOUR);
  const revokedThen = entry !== undefined && entry.date <= pair.at;
  return {
    status: revokedThen ? "revoked" : "good",
    source: "crl",
    der,
    expires,
    ...(entry ? { revocationTime: entry.date, reason: entry.reason } : {}),
  };
}

function attempt(run: () => Outcome, problems: Bilingual[]): Verdict | undefined {
  try {
    const outcome = run();
    if (typeof outcome === "string") problems.push(problem(outcome));
    else if (outcome) return outcome;
  } catch (error) {
    problems.push(problem(error instanceof Error ? error.message : String(error)));
  }
  return undefined;
}

const httpUrls = (urls: string[]) => urls.filter((u) => /^https?:\/\//i.test(u));

/**
 * Decides whether `certificate` was revoked at `at`, from the first usable OCSP answer or CRL:
 * offline data first, then the cache, then the network. Every datum is verified against the
 * issuer before it is believed; a revocation after `at` does not count (point-in-time validation).
 */
export async function checkRevocation(
  options: Pair & { sources: RevocationSources },
): Promise<RevocationStatus> {
  const { certificate, sources } = options;
  const problems: Bilingual[] = [];
  const ocspKey = `ocsp:${options.issuer.fingerprintSha256}:${certificate.serialNumber}`;
  const candidates: (() => Promise<Verdict | undefined>)[] = [
    async () => {
      for (const der of sources.offline?.ocspResponses ?? []) {
        const found = attempt(() => fromOcsp(der, options), problems);
        if (found) return found;
      }
      for (const der of sources.offline?.crls ?? []) {
        const found = attempt(() => fromCrl(der, options), problems);
        if (found) return found;
      }
      return undefined;
    },
    async () => {
      const cachedOcsp = sources.cache?.get(ocspKey);
      if (cachedOcsp) return attempt(() => fromOcsp(cachedOcsp, options), problems);
      for (const url of certificate.crlDistributionPoints) {
        const cachedCrl = sources.cache?.get(`crl:${url}`);
        if (cachedCrl) return attempt(() => fromCrl(cachedCrl, options), problems);
      }
      return undefined;
    },
    async () => {
      if (!sources.fetch) return undefined;
      const policy = sources.fetch === true ? {} : sources.fetch;
      for (const url of httpUrls(certificate.ocsp)) {
        const nonce = randomBytes(16);
        try {
          const body = buildOcspRequest({ certificate, issuer: options.issuer, nonce });
          const der = await fetchBytes({
            ...policy,
            url,
            body,
            contentType: "application/ocsp-request",
          });
          const found = attempt(() => fromOcsp(der, options, nonce), problems);
          if (found) return (sources.cache?.set(ocspKey, der, found.expires), found);
        } catch (error) {
          problems.push(problem(error instanceof PkiError ? error.message : String(error)));
        }
      }
      for (const url of httpUrls(certificate.crlDistributionPoints)) {
        try {
          const der = await fetchBytes({ ...policy, url });
          const found = attempt(() => fromCrl(der, options), problems);
          if (found) return (sources.cache?.set(`crl:${url}`, der, found.expires), found);
        } catch (error) {
          problems.push(problem(error instanceof PkiError ? error.message : String(error)));
        }
      }
      return undefined;
    },
  ];
  for (const candidate of candidates) {
    const verdict = await candidate();
    if (verdict) {
      const { der, status, source, revocationTime, reason } = verdict;
      return {
        status,
        ...(source ? { source } : {}),
        ...(revocationTime ? { revocationTime, reason: reason ?? "unspecified" } : {}),
        crls: source === "crl" ? [der] : [],
        ocspResponses: source === "ocsp" ? [der] : [],
        problems,
      };
    }
  }
  return { status: "unknown", crls: [], ocspResponses: [], problems };
}
