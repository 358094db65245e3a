import { PkiError } from "./errors.ts";

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export type PemBlock = { label: string; der: Uint8Array };

/** Every PEM block in a text, in order (a bundle may hold a chain, keys and CRLs together). */
export function readPemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(PEM_BLOCK)].map((match) => ({
    label: match[1]!,
    der: new Uint8Array(Buffer.from(match[2]!.replace(/[^A-Za-z0-9+/=]/g, ""), "base64")),
  }));
}

export function toPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function looksLikePem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 4096)).toString("latin1").includes("-----BEGIN ");
}

/**
 * Certificates from a file's bytes: a PEM bundle (one or many `CERTIFICATE` blocks, other blocks
 * ignored) or a single DER certificate. Only splits; each DER is checked when it is parsed.
 */
export function readCertificateBytes(input: Uint8Array | string): Uint8Array[] {
  const bytes = typeof input === "string" ? new Uint8Array(Buffer.from(input, "utf8")) : input;
  if (!looksLikePem(bytes)) {
    if (bytes.length === 0 || bytes[0] !== 0x30)
      throw new PkiError("malformed_certificate", "không phải PEM hay DER / neither PEM nor DER");
    return [bytes];
  }
  const blocks = readPemBlocks(Buffer.from(bytes).toString("latin1")).filter(
    (block) => block.label === "CERTIFICATE" || block.label === "TRUSTED CERTIFICATE",
  );
  if (blocks.length === 0)
    throw new PkiError("malformed_certificate", "không có khối CERTIFICATE / no CERTIFICATE block");
  return blocks.map((block) => block.der);
}
