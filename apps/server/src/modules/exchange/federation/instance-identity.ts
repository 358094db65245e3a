import {
  createPrivateKey,
  generateKeyPairSync,
  X509Certificate,
  type KeyObject,
} from "node:crypto";
import { createSelfSignedCertificate, toPem } from "@lienthong/pki";
import type { Db } from "../../../core/db/index.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { secretBox } from "../../../core/secret-box.ts";
import { insertInstanceIdentity, selectInstanceIdentity } from "./repo.ts";

/** Lifetime of an instance certificate; peers pin it, so a new one means exchanging it again. */
const CERTIFICATE_YEARS = 5;
const SEAL_CONTEXT = "xch:instance-identity";

/**
 * This platform instance's identity towards its federation peers: an ECDSA P-256 key and a
 * self-signed certificate naming the instance by its public URL. The key signs TLS handshakes
 * (both as server and as client) and the signed-call header; peers trust the certificate by its
 * pinned SHA-256 fingerprint.
 */
export type InstanceIdentity = {
  certificatePem: string;
  /** SHA-256 of the certificate DER, colon-separated upper-case hex (as OpenSSL and Node print it). */
  fingerprint: string;
  keyPem: string;
  key: KeyObject;
};

const loaded = new WeakMap<Db, Promise<InstanceIdentity>>();

/** SHA-256 fingerprint of a PEM certificate; throws when the text holds no certificate. */
export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

async function loadOrCreate(ctx: ModuleContext): Promise<InstanceIdentity> {
  const box = secretBox(ctx.config);
  let row = await selectInstanceIdentity(ctx.db);
  if (!row) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const now = Date.now();
    const der = await createSelfSignedCertificate({
      subject: { O: "Liên Thông", CN: new URL(ctx.config.publicUrl).host },
      privateKey,
      publicKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + CERTIFICATE_YEARS * 365 * 86_400_000),
    });
    const certificate = toPem(der, "CERTIFICATE");
    await insertInstanceIdentity(ctx.db, {
      certificate,
      fingerprint: certificateFingerprint(certificate),
      sealed_key: box.seal(
        String(privateKey.export({ format: "pem", type: "pkcs8" })),
        SEAL_CONTEXT,
      ),
    });
    row = (await selectInstanceIdentity(ctx.db))!;
  }
  const keyPem = box.open(row.sealed_key, SEAL_CONTEXT);
  return {
    certificatePem: row.certificate,
    fingerprint: row.fingerprint,
    keyPem,
    key: createPrivateKey(keyPem),
  };
}

/** The instance identity, made on first use and shared by every process through the database. */
export function instanceIdentity(ctx: ModuleContext): Promise<InstanceIdentity> {
  let state = loaded.get(ctx.db);
  if (!state) {
    state = loadOrCreate(ctx);
    state.catch(() => loaded.delete(ctx.db));
    loaded.set(ctx.db, state);
  }
  return state;
}
