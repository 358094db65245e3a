import { generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import type { Signer } from "../signer.ts";
import { keyObjectSigner, keySigner } from "../signers/key-object-signer.ts";
import { parseCertificate } from "../x509/certificate.ts";
import {
  createAuthority,
  recordIssued,
  revokeCertificate,
  type CertificateAuthority,
} from "./authority.ts";
import { demoProfiles, type DemoProfile } from "./demo-profiles.ts";
import { issueCertificate } from "./issue-certificate.ts";
import { issueCrl } from "./issue-crl.ts";
import { respondOcsp } from "./respond-ocsp.ts";

const generate = promisify(generateKeyPair);

export type DemoPkiOptions = {
  /** Where CRLs, the OCSP responder and CA certificates are served, e.g. `http://127.0.0.1:8080/pki`. */
  baseUrl?: string;
  /** RSA 2048 (default, what Vietnamese CAs issue) or ECDSA P-256. */
  keyType?: "RSA" | "EC";
  now?: Date;
  agency?: { name: string; code: string };
  leader?: { name: string; title: string; citizenId: string };
};

export type DemoCredential = {
  key: KeyObject;
  certificate: Uint8Array;
  /** Issuing CA first, then the root. */
  chain: Uint8Array[];
  signer: Signer;
};

export type DemoPki = {
  baseUrl: string;
  root: DemoCredential;
  issuingCa: DemoCredential;
  /** Agency seal certificate (chứng thư số của cơ quan): O and CN are the agency, with its code. */
  seal: DemoCredential;
  /** Personal signing certificate of a leader (chứng thư số cá nhân), with title and CCCD. */
  leader: DemoCredential;
  revoked: DemoCredential;
  expired: DemoCredential;
  notYetValid: DemoCredential;
  untrustedRoot: DemoCredential;
  /** Issued by `untrustedRoot`, which no trust list holds. */
  untrusted: DemoCredential;
  tsa: DemoCredential;
  ocspResponder: DemoCredential;
  authorities: { "root-ca": CertificateAuthority; "issuing-ca": CertificateAuthority };
  /** The current CRL of an authority, numbered by its thisUpdate second, so numbers increase. */
  crl(name: "root-ca" | "issuing-ca", now?: Date): Promise<Uint8Array>;
  /** Answers for both CAs, signed by the delegated OCSP responder. */
  respondOcsp(request: Uint8Array, now?: Date): Promise<Uint8Array>;
};

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject };

async function issueFrom(
  profile: DemoProfile,
  pair: KeyPair,
  issuer?: DemoCredential,
): Promise<DemoCredential> {
  const parent = issuer ? parseCertificate(issuer.certificate) : undefined;
  const certificate = await issueCertificate({
    subject: profile.subject,
    publicKey: pair.publicKey,
    issuer:
      issuer && parent
        ? {
            name: parent.subjectDer,
            keyIdentifier: Buffer.from(parent.subjectKeyIdentifier ?? "", "hex"),
            key: issuer.signer,
          }
        : { key: keySigner(pair.privateKey) },
    notBefore: profile.notBefore,
    notAfter: profile.notAfter,
    extensions: profile.extensions,
  });
  const chain = issuer ? [issuer.certificate, ...issuer.chain] : [];
  return {
    key: pair.privateKey,
    certificate,
    chain,
    signer: keyObjectSigner({ key: pair.privateKey, certificate, chain }),
  };
}

/**
 * Builds a complete in-memory PKI for demos and tests: root → issuing CA → end entities, each
 * certificate pointing at `baseUrl` for its CRL and OCSP, plus the broken certificates validation
 * must refuse. Never a production CA: keys live in memory and nothing protects them.
 */
export async function createDemoPki(options: DemoPkiOptions = {}): Promise<DemoPki> {
  const baseUrl = (options.baseUrl ?? "http://127.0.0.1/pki").replace(/\/$/, "");
  const now = options.now ?? new Date();
  const profiles = demoProfiles({
    baseUrl,
    now,
    agency: options.agency ?? { name: "Bộ Nội vụ", code: "000.00.00.G22" },
    leader: options.leader ?? {
      name: "Nguyễn Văn An",
      title: "Thứ trưởng",
      citizenId: "001080012345",
    },
  });
  const newKey = (): Promise<KeyPair> =>
    options.keyType === "EC"
      ? generate("ec", { namedCurve: "prime256v1" })
      : generate("rsa", { modulusLength: 2048 });
  // Key generation dominates the cost (RSA 2048 especially), so the certificates that exist only
  // to be refused share one key pair.
  const brokenKey = newKey();
  const names = Object.keys(profiles) as (keyof typeof profiles)[];
  const broken = new Set<string>(["revoked", "expired", "notYetValid", "untrusted"]);
  const pairs = Object.fromEntries(
    await Promise.all(
      names.map(async (n) => [n, await (broken.has(n) ? brokenKey : newKey())] as const),
    ),
  );
  const root = await issueFrom(profiles.root, pairs.root!);
  const untrustedRoot = await issueFrom(profiles.untrustedRoot, pairs.untrustedRoot!);
  const issuingCa = await issueFrom(profiles.issuingCa, pairs.issuingCa!, root);
  const authorities = {
    "root-ca": createAuthority({ name: "root-ca", signer: root.signer }),
    "issuing-ca": createAuthority({ name: "issuing-ca", signer: issuingCa.signer }),
  };
  recordIssued(authorities["root-ca"], issuingCa.certificate);
  const leaf = async (
    name: "seal" | "leader" | "revoked" | "expired" | "notYetValid" | "tsa" | "ocspResponder",
  ) => {
    const issued = await issueFrom(profiles[name], pairs[name]!, issuingCa);
    recordIssued(authorities["issuing-ca"], issued.certificate);
    return issued;
  };
  const [seal, leader, revoked, expired, notYetValid, tsa, ocspResponder] = await Promise.all(
    (["seal", "leader", "revoked", "expired", "notYetValid", "tsa", "ocspResponder"] as const).map(
      leaf,
    ),
  );
  const untrusted = await issueFrom(profiles.untrusted, pairs.untrusted!, untrustedRoot);
  revokeCertificate({
    authority: authorities["issuing-ca"],
    serialNumber: parseCertificate(revoked!.certificate).serialNumber,
    date: new Date(now.getTime() - 3_600_000),
    reason: "keyCompromise",
  });

  return {
    baseUrl,
    root,
    issuingCa,
    seal: seal!,
    leader: leader!,
    revoked: revoked!,
    expired: expired!,
    notYetValid: notYetValid!,
    untrustedRoot,
    untrusted,
    tsa: tsa!,
    ocspResponder: ocspResponder!,
    authorities,
    crl: (name, at = new Date()) =>
      issueCrl({
        authority: authorities[name],
        thisUpdate: at,
        nextUpdate: new Date(at.getTime() + 86_400_000),
        crlNumber: Math.floor(at.getTime() / 1000),
      }),
    respondOcsp: (request, at = new Date()) =>
      respondOcsp({
        authorities: Object.values(authorities),
        responder: ocspResponder!.signer,
        request,
        now: at,
      }),
  };
}
