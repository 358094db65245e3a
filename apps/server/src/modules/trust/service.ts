import {
  createAuthority,
  createDemoPki,
  issueCrl,
  keyObjectSigner,
  readCertificateBytes,
  respondOcsp,
  respondTimestamp,
  buildTimestampRequest,
  parseTimestampToken,
  tokenFromResponse,
  toPem,
  type CertificateAuthority,
  type DemoCredential,
  type RevocationReason,
  type Signer,
  type TimestampSource,
} from "@lienthong/pki";
import { createPrivateKey, randomBytes } from "node:crypto";
import type { Db } from "../../core/db/index.ts";
import type { ModuleContext } from "../../core/module.ts";
import { secretBox } from "../../core/secret-box.ts";
import {
  insertDemoCa,
  nextTimestampSerial,
  selectCertificates,
  selectCredentials,
  type CertificateRow,
} from "./repo.ts";

/** Names under which the CA's credentials are stored and served (`/pki/ca/<name>.crt`). */
export const AUTHORITY_NAMES = ["root-ca", "issuing-ca"] as const;
export type AuthorityName = (typeof AUTHORITY_NAMES)[number];

/**
 * The demo TSA's policy, under the ITU-T example arc 2.999 (X.660): it cannot be mistaken for a
 * real CA's policy.
 */
export const DEMO_TSA_POLICY = "2.999.3161.1";

type TrustCa = { signers: Map<string, Signer> };

const loaded = new WeakMap<Db, Promise<TrustCa>>();

const pem = (der: Uint8Array) => toPem(der, "CERTIFICATE");

function rowsFor(ctx: ModuleContext, pki: Awaited<ReturnType<typeof createDemoPki>>) {
  const box = secretBox(ctx.config);
  const stored: [string, DemoCredential][] = [
    ["root-ca", pki.root],
    ["issuing-ca", pki.issuingCa],
    ["ocsp-responder", pki.ocspResponder],
    ["tsa", pki.tsa],
    ["seal", pki.seal],
    ["leader", pki.leader],
  ];
  const credentials = stored.map(([name, c]) => ({
    name,
    certificate: pem(c.certificate),
    chain: c.chain.map(pem).join(""),
    sealed_key: box.seal(String(c.key.export({ format: "pem", type: "pkcs8" })), `tru:${name}`),
  }));
  const certificates: CertificateRow[] = AUTHORITY_NAMES.flatMap((authority) => {
    const ca = pki.authorities[authority];
    return [...ca.issued.entries()].map(([serial, der]) => {
      const revoked = ca.revoked.get(serial);
      return {
        authority,
        serial,
        certificate: pem(der),
        revoked_at: revoked?.date ?? null,
        revocation_reason: revoked?.reason ?? null,
      };
    });
  });
  return { credentials, certificates };
}

async function loadOrCreate(ctx: ModuleContext): Promise<TrustCa> {
  let rows = await selectCredentials(ctx.db);
  if (rows.length === 0) {
    const pki = await createDemoPki({ baseUrl: `${ctx.config.publicUrl.replace(/\/$/, "")}/pki` });
    await insertDemoCa(ctx.db, rowsFor(ctx, pki));
    rows = await selectCredentials(ctx.db);
  }
  const box = secretBox(ctx.config);
  const signers = new Map<string, Signer>();
  for (const row of rows) {
    const key = createPrivateKey(box.open(row.sealed_key, `tru:${row.name}`));
    const [certificate] = readCertificateBytes(row.certificate);
    const chain = row.chain ? readCertificateBytes(row.chain) : [];
    signers.set(row.name, keyObjectSigner({ key, certificate: certificate!, chain }));
  }
  return { signers };
}

/**
 * The platform's demo CA, made at the first request that needs it (not at start-up: RSA key
 * generation would slow every boot) and shared by all server processes through the database.
 */
export function trustCa(ctx: ModuleContext): Promise<TrustCa> {
  let state = loaded.get(ctx.db);
  if (!state) {
    state = loadOrCreate(ctx);
    state.catch(() => loaded.delete(ctx.db));
    loaded.set(ctx.db, state);
  }
  return state;
}

/** The authorities as the database says now, so a revocation is seen by every process at once. */
async function authorities(
  ctx: ModuleContext,
): Promise<Record<AuthorityName, CertificateAuthority>> {
  const { signers } = await trustCa(ctx);
  const result = Object.fromEntries(
    AUTHORITY_NAMES.map((name) => [name, createAuthority({ name, signer: signers.get(name)! })]),
  ) as Record<AuthorityName, CertificateAuthority>;
  for (const row of await selectCertificates(ctx.db)) {
    const authority = result[row.authority as AuthorityName];
    if (!authority) continue;
    authority.issued.set(row.serial, readCertificateBytes(row.certificate)[0]!);
    if (row.revoked_at)
      authority.revoked.set(row.serial, {
        date: row.revoked_at,
        reason: (row.revocation_reason ?? "unspecified") as RevocationReason,
      });
  }
  return result;
}

export async function caCertificate(ctx: ModuleContext, name: AuthorityName): Promise<Uint8Array> {
  return (await trustCa(ctx)).signers.get(name)!.certificate;
}

/**
 * A CRL valid for a day, numbered by its thisUpdate second: numbers increase across processes
 * without a shared counter (RFC 5280 5.2.3 asks only that they increase).
 */
export async function currentCrl(ctx: ModuleContext, name: AuthorityName): Promise<Uint8Array> {
  const now = new Date();
  return issueCrl({
    authority: (await authorities(ctx))[name],
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + 86_400_000),
    crlNumber: Math.floor(now.getTime() / 1000),
  });
}

export async function answerOcsp(ctx: ModuleContext, request: Uint8Array): Promise<Uint8Array> {
  const { signers } = await trustCa(ctx);
  return respondOcsp({
    authorities: Object.values(await authorities(ctx)),
    responder: signers.get("ocsp-responder")!,
    request,
    now: new Date(),
  });
}

export async function answerTimestamp(
  ctx: ModuleContext,
  request: Uint8Array,
): Promise<Uint8Array> {
  const { signers } = await trustCa(ctx);
  return respondTimestamp({
    request,
    signer: signers.get("tsa")!,
    serial: await nextTimestampSerial(ctx.db),
    now: new Date(),
    policy: DEMO_TSA_POLICY,
  });
}

/**
 * The platform's own timestamp authority, called in-process: the request is the one an HTTP
 * client would send, so the token is exactly what `/pki/tsa` would answer.
 */
export function platformTimestampSource(
  ctx: ModuleContext,
  received?: (token: Uint8Array) => void,
): TimestampSource {
  return async ({ imprint, digest }) => {
    if (digest === "sha1") throw new Error("SHA-1 is not used for new timestamps");
    const request = buildTimestampRequest({
      digest: imprint,
      hashAlgorithm: digest,
      nonce: randomBytes(8),
    });
    const token = tokenFromResponse(await answerTimestamp(ctx, request));
    const parsed = parseTimestampToken(token);
    if (!Buffer.from(parsed.hashedMessage).equals(Buffer.from(imprint)))
      throw new Error("the timestamp authority answered for other data");
    received?.(token);
    return token;
  };
}
