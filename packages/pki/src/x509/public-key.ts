import { createPublicKey, type KeyObject } from "node:crypto";

export type PublicKeyInfo = {
  /** `RSA`, `RSA-PSS`, `EC`, `Ed25519`, ... */
  algorithm: string;
  /** Modulus length for RSA, curve order bits for EC. */
  size: number;
  curve?: string;
};

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
const CURVE_NAMES: Record<string, string> = {
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
};

export function publicKeyFromSpki(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
}

/** Algorithm and size of a SubjectPublicKeyInfo, as a certificate viewer shows them. */
export function readPublicKeyInfo(spki: Uint8Array): PublicKeyInfo {
  const key = publicKeyFromSpki(spki);
  const type = key.asymmetricKeyType ?? "unknown";
  const details = key.asymmetricKeyDetails ?? {};
  if (type === "ec") {
    const curve = details.namedCurve ?? "unknown";
    return { algorithm: "EC", size: CURVE_BITS[curve] ?? 0, curve: CURVE_NAMES[curve] ?? curve };
  }
  if (type === "ed25519") return { algorithm: "Ed25519", size: 256 };
  return { algorithm: type.toUpperCase(), size: details.modulusLength ?? 0 };
}
