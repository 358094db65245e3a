/**
 * The one interface every signing path goes through (PDF, CMS, edXML, timestamps, evidence log).
 * Business code never knows where the key lives: a PKCS#12 file, a PKCS#11 token or HSM, or an
 * official's own device reached through external signing.
 */

/** Signature algorithms the platform produces. SHA-1 is only ever accepted when verifying. */
export type SignatureAlgorithm =
  "RSA-SHA256" | "RSA-SHA384" | "RSA-SHA512" | "ECDSA-SHA256" | "ECDSA-SHA384";

export type Signer = {
  /** DER of the signing certificate. */
  readonly certificate: Uint8Array;
  /** DER of the CA certificates above it, issuing CA first; the root may be left out. */
  readonly chain: readonly Uint8Array[];
  readonly algorithm: SignatureAlgorithm;
  /**
   * Hashes `data` with the algorithm's digest and signs it. Returns the raw signature value as
   * CMS carries it: PKCS#1 v1.5 for RSA, a DER `ECDSA-Sig-Value` for ECDSA (XML-DSig converts it
   * to r‖s itself).
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
};

/** Digest name of a signature algorithm, as node:crypto and WebCrypto spell it. */
export function digestOf(algorithm: SignatureAlgorithm): "SHA-256" | "SHA-384" | "SHA-512" {
  if (algorithm.endsWith("SHA384")) return "SHA-384";
  if (algorithm.endsWith("SHA512")) return "SHA-512";
  return "SHA-256";
}
