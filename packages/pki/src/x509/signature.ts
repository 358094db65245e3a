import { constants, verify } from "node:crypto";
import type { SignatureAlgorithm } from "../signer.ts";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { DIGEST_BY_OID, OID } from "./oids.ts";
import { publicKeyFromSpki } from "./public-key.ts";

const SIGNATURE_DIGEST: Record<string, string> = {
  [OID.sha1WithRsa]: "sha1",
  [OID.sha256WithRsa]: "sha256",
  [OID.sha384WithRsa]: "sha384",
  [OID.sha512WithRsa]: "sha512",
  [OID.ecdsaWithSha1]: "sha1",
  [OID.ecdsaWithSha256]: "sha256",
  [OID.ecdsaWithSha384]: "sha384",
  [OID.ecdsaWithSha512]: "sha512",
};

export type SignedObject = {
  algorithm: { oid: string; params?: Uint8Array };
  data: Uint8Array;
  signature: Uint8Array;
  /** SubjectPublicKeyInfo DER of the key that should have signed. */
  spki: Uint8Array;
};

function pssOptions(params: Uint8Array | undefined): { digest: string; saltLength: number } {
  if (!params) return { digest: "sha1", saltLength: 20 };
  const parsed = new pkijs.RSASSAPSSParams({ schema: asn1js.fromBER(params).result });
  const digest = DIGEST_BY_OID[parsed.hashAlgorithm.algorithmId];
  if (!digest) throw new Error(`unsupported PSS digest ${parsed.hashAlgorithm.algorithmId}`);
  return { digest, saltLength: parsed.saltLength };
}

/**
 * Checks an X.509-style signature (certificate, CRL, OCSP response, CMS) with node:crypto, which
 * is OpenSSL underneath: the same arithmetic `openssl verify` does. Never throws: any failure
 * to read the key, algorithm or signature is a failed verification.
 */
export function verifySignature(object: SignedObject): boolean {
  try {
    const key = publicKeyFromSpki(object.spki);
    if (object.algorithm.oid === OID.rsaPss) {
      const { digest, saltLength } = pssOptions(object.algorithm.params);
      return verify(
        digest,
        object.data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
        object.signature,
      );
    }
    if (object.algorithm.oid === OID.ed25519)
      return verify(null, object.data, key, object.signature);
    const digest = SIGNATURE_DIGEST[object.algorithm.oid];
    if (!digest) return false;
    const isEc = key.asymmetricKeyType === "ec";
    if (isEc !== object.algorithm.oid.startsWith("1.2.840.10045.4")) return false;
    return verify(digest, object.data, key, object.signature);
  } catch {
    return false;
  }
}

const SIGNER_OIDS: Record<SignatureAlgorithm, string> = {
  "RSA-SHA256": OID.sha256WithRsa,
  "RSA-SHA384": OID.sha384WithRsa,
  "RSA-SHA512": OID.sha512WithRsa,
  "ECDSA-SHA256": OID.ecdsaWithSha256,
  "ECDSA-SHA384": OID.ecdsaWithSha384,
};

/**
 * AlgorithmIdentifier for a signer's algorithm: RSA carries an explicit NULL parameter and ECDSA
 * none (RFC 4055 and RFC 5758), which strict verifiers such as OpenSSL check.
 */
export function signatureAlgorithmIdentifier(
  algorithm: SignatureAlgorithm,
): pkijs.AlgorithmIdentifier {
  const algorithmId = SIGNER_OIDS[algorithm];
  return algorithm.startsWith("RSA")
    ? new pkijs.AlgorithmIdentifier({ algorithmId, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId });
}
