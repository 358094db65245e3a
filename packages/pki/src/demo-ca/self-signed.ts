import type { KeyObject } from "node:crypto";
import { keySigner } from "../signers/key-object-signer.ts";
import { basicConstraints, keyUsage } from "./extensions.ts";
import { issueCertificate } from "./issue-certificate.ts";
import type { SubjectInput } from "./subject-name.ts";

/**
 * A self-signed end-entity certificate for a key pair: what two platform instances exchange and
 * pin for mutual TLS and signed requests. Trust comes from the pinned fingerprint, not a CA, so
 * the certificate says only who the key belongs to and for how long.
 */
export async function createSelfSignedCertificate(options: {
  subject: SubjectInput;
  privateKey: KeyObject;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}): Promise<Uint8Array> {
  return issueCertificate({
    subject: options.subject,
    publicKey: options.publicKey,
    issuer: { key: keySigner(options.privateKey) },
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    extensions: [basicConstraints(false), keyUsage(["digitalSignature"])],
  });
}
