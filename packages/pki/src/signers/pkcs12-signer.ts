import type { SignatureAlgorithm, Signer } from "../signer.ts";
import { keyObjectSigner } from "./key-object-signer.ts";
import { readPkcs12 } from "./pkcs12-read.ts";

/**
 * A signer from a PKCS#12 file (.p12/.pfx), as agencies receive their seal certificate from a CA.
 * The key stays in this process's memory; prefer `pkcs11Signer` with an HSM in production.
 */
export function pkcs12Signer(options: {
  bytes: Uint8Array;
  password: string;
  algorithm?: SignatureAlgorithm;
}): Signer {
  const contents = readPkcs12(options.bytes, options.password);
  return keyObjectSigner({
    ...contents,
    ...(options.algorithm ? { algorithm: options.algorithm } : {}),
  });
}
