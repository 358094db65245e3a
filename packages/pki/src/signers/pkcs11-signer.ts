import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import pkcs11js from "pkcs11js";
import { digestOf, type SignatureAlgorithm, type Signer } from "../signer.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { PkiError } from "../x509/errors.ts";

export type Pkcs11SignerOptions = {
  /** Path of the PKCS#11 library, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  module: string;
  /** Token by label (preferred: stable across reboots) or slot index. */
  tokenLabel?: string;
  slot?: number;
  pin: string;
  /** Private key by CKA_LABEL or CKA_ID (hex); its certificate is the one with the same CKA_ID. */
  keyLabel?: string;
  keyId?: string;
  /** CA certificates to send along with signatures; tokens rarely hold them. */
  chain?: readonly Uint8Array[];
  algorithm?: SignatureAlgorithm;
};

export type Pkcs11Signer = Signer & { close(): void };

const RSA_MECHANISMS: Partial<Record<SignatureAlgorithm, number>> = {
  "RSA-SHA256": pkcs11js.CKM_SHA256_RSA_PKCS,
  "RSA-SHA384": pkcs11js.CKM_SHA384_RSA_PKCS,
  "RSA-SHA512": pkcs11js.CKM_SHA512_RSA_PKCS,
};

/** A library can be initialised once per process; every signer over it shares the handle. */
const loaded = new Map<string, { library: pkcs11js.PKCS11; users: number }>();

/** PKCS#11 returns ECDSA signatures as r‖s; CMS wants a DER ECDSA-Sig-Value (RFC 5753). */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    return new asn1js.Integer({
      valueHex: trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed,
    });
  };
  return new Uint8Array(
    new asn1js.Sequence({
      value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))],
    }).toBER(),
  );
}

function release(module: string): void {
  const entry = loaded.get(module);
  if (entry && --entry.users <= 0) {
    entry.library.C_Finalize();
    loaded.delete(module);
  }
}

function findSlot(library: pkcs11js.PKCS11, options: Pkcs11SignerOptions): Buffer {
  const slots = library.C_GetSlotList(true);
  const slot =
    options.tokenLabel !== undefined
      ? slots.find((s) => library.C_GetTokenInfo(s).label.trim() === options.tokenLabel)
      : slots[options.slot ?? 0];
  if (!slot)
    throw new PkiError(
      "token_error",
      `không thấy thiết bị / token not found: ${options.tokenLabel ?? options.slot ?? 0}`,
    );
  return slot;
}

function findObject(
  library: pkcs11js.PKCS11,
  session: Buffer,
  template: pkcs11js.Template,
): Buffer | undefined {
  library.C_FindObjectsInit(session, template);
  try {
    return library.C_FindObjects(session) ?? undefined;
  } finally {
    library.C_FindObjectsFinal(session);
  }
}

/**
 * A signer whose private key never leaves a PKCS#11 token or HSM (SoftHSM2 in tests, a network HSM
 * for the agency seal in production). RSA signs with CKM_SHA*_RSA_PKCS; ECDSA hashes here and signs
 * the digest with CKM_ECDSA, since not every token implements the combined mechanisms.
 */
export function pkcs11Signer(options: Pkcs11SignerOptions): Pkcs11Signer {
  let entry = loaded.get(options.module);
  let session: Buffer | undefined;
  try {
    if (!entry) {
      const library = new pkcs11js.PKCS11();
      library.load(options.module);
      library.C_Initialize();
      entry = { library, users: 0 };
      loaded.set(options.module, entry);
    }
    entry.users++;
    const { library } = entry;
    session = library.C_OpenSession(findSlot(library, options), pkcs11js.CKF_SERIAL_SESSION);
    library.C_Login(session, pkcs11js.CKU_USER, options.pin);
    const keyTemplate: pkcs11js.Template = [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      ...(options.keyLabel ? [{ type: pkcs11js.CKA_LABEL, value: options.keyLabel }] : []),
      ...(options.keyId
        ? [{ type: pkcs11js.CKA_ID, value: Buffer.from(options.keyId, "hex") }]
        : []),
    ];
    const key = findObject(library, session, keyTemplate);
    if (!key)
      throw new PkiError(
        "token_error",
        `không thấy khóa / key not found: ${options.keyLabel ?? options.keyId}`,
      );
    const [idAttribute] = library.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_ID }]);
    const certificateHandle = findObject(library, session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_ID, value: idAttribute!.value as Buffer },
    ]);
    if (!certificateHandle)
      throw new PkiError(
        "key_mismatch",
        "không thấy chứng thư của khóa / no certificate with the key's CKA_ID",
      );
    const [value] = library.C_GetAttributeValue(session, certificateHandle, [
      { type: pkcs11js.CKA_VALUE },
    ]);
    const certificate = new Uint8Array(value!.value as Buffer);
    const isEc = parseCertificate(certificate).publicKey.algorithm === "EC";
    const algorithm = options.algorithm ?? (isEc ? "ECDSA-SHA256" : "RSA-SHA256");
    if (algorithm.startsWith("ECDSA") !== isEc)
      throw new PkiError("unsupported_algorithm", algorithm);
    const digest = digestOf(algorithm).replace("-", "").toLowerCase();
    const opened = session;
    let open = true;
    return {
      certificate,
      chain: options.chain ?? [],
      algorithm,
      async sign(data) {
        if (!open) throw new PkiError("token_error", "phiên đã đóng / session closed");
        try {
          if (isEc) {
            library.C_SignInit(opened, { mechanism: pkcs11js.CKM_ECDSA }, key);
            const raw = library.C_Sign(
              opened,
              createHash(digest).update(data).digest(),
              Buffer.alloc(256),
            );
            return ecdsaRawToDer(raw);
          }
          library.C_SignInit(opened, { mechanism: RSA_MECHANISMS[algorithm]! }, key);
          return new Uint8Array(library.C_Sign(opened, Buffer.from(data), Buffer.alloc(1024)));
        } catch (error) {
          throw new PkiError(
            "token_error",
            error instanceof Error ? error.message : String(error),
            { cause: error },
          );
        }
      },
      close() {
        if (!open) return;
        open = false;
        library.C_CloseSession(opened);
        release(options.module);
      },
    };
  } catch (error) {
    if (session) entry?.library.C_CloseSession(session);
    if (entry) release(options.module);
    if (error instanceof PkiError) throw error;
    throw new PkiError("token_error", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}
