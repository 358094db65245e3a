import { checkRevocation, type RevocationSources } from "../revocation/check-revocation.ts";
import { parseCertificate, type ParsedCertificate } from "../x509/certificate.ts";
import type { Bilingual } from "../x509/names.ts";
import { buildChain } from "./build-chain.ts";
import { constraintProblems, type ValidationPurpose } from "./constraints.ts";
import {
  MESSAGES,
  SUB_INDICATIONS,
  type CertificateValidation,
  type SubIndication,
} from "./result.ts";

export type ValidateCertificateOptions = {
  certificate: Uint8Array;
  /** Candidate CA certificates (from the signature, the DSS, a bundle); order does not matter. */
  intermediates?: readonly Uint8Array[];
  /** The trusted roots. Configuration, never code: the government CA's roots in production. */
  trustAnchors: readonly Uint8Array[];
  /** Validation time; default now. For a signature, its proven signing or timestamp time. */
  at?: Date;
  /** Revocation sources, or `false` to skip revocation (the result then says so). */
  revocation: RevocationSources | false;
  purpose?: ValidationPurpose;
};

function readAll(list: readonly Uint8Array[] | undefined): ParsedCertificate[] {
  return (list ?? []).flatMap((der) => {
    try {
      return [parseCertificate(der)];
    } catch {
      return [];
    }
  });
}

/**
 * Validates a certificate at a point in time (RFC 5280 path validation with the ETSI EN 319 102-1
 * vocabulary): builds a path to a trust anchor, verifies every link, checks validity periods at
 * `at`, CA constraints and purpose, then revocation of every certificate below the anchor.
 */
export async function validateCertificate(
  options: ValidateCertificateOptions,
): Promise<CertificateValidation> {
  const at = options.at ?? new Date();
  const empty = { crls: [] as Uint8Array[], ocspResponses: [] as Uint8Array[] };
  const done = (
    sub: SubIndication | undefined,
    chain: ParsedCertificate[],
    messages: Bilingual[],
    extra: Partial<CertificateValidation> = {},
  ): CertificateValidation => ({
    indication: sub ? SUB_INDICATIONS[sub] : "PASSED",
    ...(sub ? { subIndication: sub } : {}),
    at,
    chain: chain.map((c) => c.der),
    revocationData: empty,
    messages,
    ...extra,
  });
  let leaf: ParsedCertificate;
  try {
    leaf = parseCertificate(options.certificate);
  } catch {
    return done("FORMAT_FAILURE", [], [MESSAGES.format]);
  }
  const search = buildChain(leaf, readAll(options.intermediates), readAll(options.trustAnchors));
  if (!search.chain)
    return search.signatureFailure
      ? done("SIG_CRYPTO_FAILURE", search.partial, [MESSAGES.badSignature])
      : done("NO_CERTIFICATE_CHAIN_FOUND", search.partial, [MESSAGES.noChain]);
  const chain = search.chain;
  const belowAnchor = chain.length > 1 ? chain.slice(0, -1) : [];
  if (belowAnchor.some((c) => at < c.notBefore))
    return done("NOT_YET_VALID", chain, [MESSAGES.notYetValid]);
  const constraints = constraintProblems(chain, options.purpose ?? "any");
  if (constraints.length) return done("CHAIN_CONSTRAINTS_FAILURE", chain, constraints);
  const expired = belowAnchor.some((c) => at > c.notAfter);
  if (options.revocation === false)
    return expired
      ? done("OUT_OF_BOUNDS_NO_POE", chain, [MESSAGES.expired, MESSAGES.revocationNotChecked])
      : done(undefined, chain, [MESSAGES.passed, MESSAGES.revocationNotChecked]);

  const revocationData = { crls: [] as Uint8Array[], ocspResponses: [] as Uint8Array[] };
  const messages: Bilingual[] = [];
  let leafRevocation: CertificateValidation["revocation"];
  let verdict: SubIndication | undefined = expired ? "OUT_OF_BOUNDS_NO_POE" : undefined;
  if (expired) messages.push(MESSAGES.expired);
  for (const [index, certificate] of belowAnchor.entries()) {
    if (certificate.ocspNoCheck) continue;
    const status = await checkRevocation({
      certificate,
      issuer: chain[index + 1]!,
      at,
      sources: options.revocation,
    });
    revocationData.crls.push(...status.crls);
    revocationData.ocspResponses.push(...status.ocspResponses);
    if (index === 0)
      leafRevocation = {
        status: status.status,
        ...(status.source ? { source: status.source } : {}),
        ...(status.revocationTime ? { revocationTime: status.revocationTime } : {}),
        ...(status.reason ? { reason: status.reason } : {}),
      };
    if (status.status === "revoked") {
      messages.unshift(index === 0 ? MESSAGES.revoked : MESSAGES.caRevoked);
      verdict = index === 0 ? "REVOKED" : "REVOKED_CA_NO_POE";
      break;
    }
    if (status.status === "unknown") {
      messages.push(MESSAGES.revocationUnknown, ...status.problems);
      verdict ??= "TRY_LATER";
    }
  }
  if (!verdict) messages.unshift(MESSAGES.passed);
  return done(verdict, chain, messages, {
    revocationData,
    ...(leafRevocation ? { revocation: leafRevocation } : {}),
  });
}
