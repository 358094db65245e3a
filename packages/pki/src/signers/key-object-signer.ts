import { createPublicKey, sign, type KeyObject } from "node:crypto";
import { digestOf, type SignatureAlgorithm, type Signer } from "../signer.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { PkiError } from "../x509/errors.ts";

export type KeyObjectSignerOptions = {
  key: KeyObject;
  certificate: Uint8Array;
  chain?: readonly Uint8Array[];
  /** Defaults from the key: RSA-SHA256, ECDSA-SHA256 on P-256, ECDSA-SHA384 on P-384. */
  algorithm?: SignatureAlgorithm;
};

/** The algorithm a key signs with when the caller does not choose. */
export function defaultAlgorithm(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === "rsa") return "RSA-SHA256";
  if (key.asymmetricKeyType === "ec")
    return key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? "ECDSA-SHA384" : "ECDSA-SHA256";
  throw new PkiError("unsupported_algorithm", String(key.asymmetricKeyType));
}

/**
 * A signer over a private key held in this process (a PKCS#12 file, the demo CA). Checks once
 * that the key belongs to the certificate, so a mismatched pair fails at load, not at signing.
 */
export function keyObjectSigner(options: KeyObjectSignerOptions): Signer {
  const { key } = options;
  const certificate = parseCertificate(options.certificate);
  const publicKey = createPublicKey(key).export({ format: "der", type: "spki" });
  if (!publicKey.equals(Buffer.from(certificate.spki)))
    throw new PkiError("key_mismatch", certificate.subject.rfc4514);
  const algorithm = options.algorithm ?? defaultAlgorithm(key);
  if (algorithm.startsWith("RSA") !== (key.asymmetricKeyType === "rsa"))
    throw new PkiError("unsupported_algorithm", `${algorithm} / ${key.asymmetricKeyType}`);
  return {
    certificate: options.certificate,
    chain: options.chain ?? [],
    ...keySigner(key, algorithm),
  };
}

/**
 * Signing with a bare private key, before any certificate exists for it — how a new root CA
 * signs its own certificate.
 */
export function keySigner(
  key: KeyObject,
  algorithm: SignatureAlgorithm = defaultAlgorithm(key),
): Pick<Signer, "algorithm" | "sign"> {
  const digest = digestOf(algorithm).replace("-", "").toLowerCase();
  return {
    algorithm,
    async sign(data) {
      return new Uint8Array(sign(digest, data, key));
    },
  };
}
