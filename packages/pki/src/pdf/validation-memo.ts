/**
 * What validating PDF signatures computes again and again for the same inputs: parsing a CMS,
 * describing a certificate, and validating a certificate path. Profiling a 10-page PDF with two
 * signatures put ~95 % of the time in pkijs/asn1js reading the same few certificates (path
 * building, descriptions, the CMS certificate set), so a validator keeps these results, keyed
 * by the SHA-256 of the bytes they came from.
 */
import { createHash } from "node:crypto";
import { parseSignedData, type ParsedSignedData } from "../cms/parse-signed-data.ts";
import type { CertificateValidation } from "../path/result.ts";
import {
  validateCertificate,
  type ValidateCertificateOptions,
} from "../path/validate-certificate.ts";
import type { RevocationSources } from "../revocation/check-revocation.ts";
import { describeCertificate, type CertificateDescription } from "../x509/describe.ts";

export type ValidationMemo = {
  parseCms(der: Uint8Array): ParsedSignedData;
  describe(der: Uint8Array): CertificateDescription;
  validateChain(options: ValidateCertificateOptions): Promise<CertificateValidation>;
};

export type ValidationMemoOptions = {
  /**
   * Path validations at times within the same window of this many ms share one result, so a
   * document validated "now" a second later does not rebuild its chains. 0 keys on the exact
   * time. A certificate expiring, or a CRL's nextUpdate passing, inside the window is seen at
   * the next window.
   */
  chainReuseMs?: number;
  /** Entries kept per kind of result; the oldest go first. */
  maxEntries?: number;
};

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64");
const hashesOf = (list: readonly Uint8Array[] | undefined) =>
  [...new Set((list ?? []).map(sha256))].sort().join(",");

export function createValidationMemo(options: ValidationMemoOptions = {}): ValidationMemo {
  const reuseMs = options.chainReuseMs ?? 0;
  const maxEntries = options.maxEntries ?? 500;
  const cms = boundedMap<ParsedSignedData>(maxEntries);
  const descriptions = boundedMap<CertificateDescription>(maxEntries);
  const chains = boundedMap<CertificateValidation>(maxEntries);
  return {
    parseCms(der) {
      const key = sha256(der);
      const known = cms.get(key);
      if (known) return known;
      const parsed = parseSignedData(der);
      cms.set(key, parsed);
      return parsed;
    },
    describe(der) {
      const key = sha256(der);
      let description = descriptions.get(key);
      if (!description) {
        description = describeCertificate(der);
        descriptions.set(key, description);
      }
      return structuredClone(description);
    },
    async validateChain(chainOptions) {
      const at = chainOptions.at ?? new Date();
      const key = chainKey(chainOptions, reuseMs > 0 ? Math.floor(at.getTime() / reuseMs) : +at);
      const known = chains.get(key);
      if (known) return { ...structuredClone(known), at };
      const result = await validateCertificate({ ...chainOptions, at });
      // An unknown status may come from a network failure; the next attempt may do better.
      if (result.subIndication !== "TRY_LATER") chains.set(key, structuredClone(result));
      return result;
    },
  };
}

function chainKey(options: ValidateCertificateOptions, time: number): string {
  return [
    sha256(options.certificate),
    hashesOf(options.intermediates),
    hashesOf(options.trustAnchors),
    revocationKey(options.revocation),
    options.purpose ?? "any",
    time,
  ].join("|");
}

/** Offline data by content; a cache or network source is the validator's own, fixed for its life. */
function revocationKey(sources: RevocationSources | false): string {
  if (sources === false) return "off";
  return [
    hashesOf(sources.offline?.crls),
    hashesOf(sources.offline?.ocspResponses),
    sources.cache ? "cache" : "",
    sources.fetch ? "fetch" : "",
  ].join(";");
}

function boundedMap<T>(maxEntries: number) {
  const entries = new Map<string, T>();
  return {
    get: (key: string) => entries.get(key),
    set(key: string, value: T) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
