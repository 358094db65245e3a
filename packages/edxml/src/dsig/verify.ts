import { createHash, timingSafeEqual, verify, X509Certificate } from "node:crypto";
import type { Element } from "@xmldom/xmldom";
import { EdxmlError } from "../errors.ts";
import { DSIG_NS } from "../xml-text.ts";
import { DIGEST_METHODS, SIGNATURE_METHODS, URI, type SignatureMethod } from "./algorithms.ts";
import { canonicalize, childElements, findHeader, parseDocument } from "./dom.ts";
import { chainsToAnchor, describeSigner, readAnchors, type SignerCertificate } from "./trust.ts";

export type VerifyEdxmlResult = {
  valid: boolean;
  signer?: SignerCertificate;
  /** e.g. `RSA-SHA256`, `ECDSA-SHA256`, `RSA-SHA1`. */
  algorithm?: string;
  /** Set when trust anchors were given: whether the certificate chains to one of them. */
  trusted?: boolean;
  /** Accepted, but worth a clerk's attention ("vi / en"). */
  warnings: string[];
  /** Why the signature is not valid ("vi / en"); empty when valid. */
  errors: string[];
};

class Refusal extends Error {}
const refuse = (vi: string, en: string): never => {
  throw new Refusal(`${vi} / ${en}`);
};
const only = (parent: Element, name: string): Element => {
  const found = childElements(parent, name, DSIG_NS);
  if (found.length !== 1) refuse(`Cần đúng một ${name}`, `exactly one ${name} is required`);
  return found[0]!;
};
const text = (node: Element) => (node.textContent ?? "").replace(/\s+/g, "");

/**
 * The one signature a package may carry, where the standard puts it. Anything else — a second
 * signature, one moved into an attachment or wrapped in another element — is how signature
 * wrapping attacks present a signed part while the receiver reads another, so it is refused.
 */
function locateSignature(xml: string) {
  const doc = parseDocument(xml);
  const all = doc.getElementsByTagNameNS(DSIG_NS, "Signature");
  if (all.length === 0) refuse("Gói tin chưa được ký", "the package is not signed");
  if (all.length > 1) refuse("Gói tin có nhiều chữ ký", "the package carries several signatures");
  const signature = all.item(0)!;
  if (signature.parentNode !== findHeader(doc))
    refuse("Chữ ký không nằm trong edXMLHeader", "the signature is not inside edXMLHeader");
  return { doc, signature };
}

/** The profile: Reference URI="" over the root, enveloped-signature then one c14n transform. */
function readReference(signedInfo: Element) {
  const reference = only(signedInfo, "Reference");
  if (reference.getAttribute("URI") !== "")
    refuse(
      'Reference phải có URI="" (cả gói tin)',
      'the Reference must be URI="" (the whole package)',
    );
  const transforms = childElements(
    childElements(reference, "Transforms", DSIG_NS)[0] ?? reference,
    "Transform",
    DSIG_NS,
  ).map((t) => t.getAttribute("Algorithm"));
  const [first, second, ...rest] = transforms;
  const c14n = second ?? URI.c14n;
  if (
    first !== URI.envelopedSignature ||
    rest.length > 0 ||
    (c14n !== URI.excC14n && c14n !== URI.c14n)
  )
    refuse(
      "Phép biến đổi không được phép trong chữ ký gói tin",
      `transforms not allowed: ${transforms.join(", ")}`,
    );
  const digestUri = only(reference, "DigestMethod").getAttribute("Algorithm") ?? "";
  const digest = DIGEST_METHODS[digestUri];
  if (!digest) refuse("Thuật toán băm không hỗ trợ", `unsupported digest ${digestUri}`);
  return { c14n, digest: digest!, digestValue: text(only(reference, "DigestValue")) };
}

function checkSignatureValue(
  method: SignatureMethod,
  canonicalSignedInfo: string,
  value: Buffer,
  candidates: X509Certificate[],
): X509Certificate {
  const signer = candidates.find((cert) => {
    const key = cert.publicKey;
    if ((key.asymmetricKeyType === "ec") !== (method.key === "ec")) return false;
    const data = Buffer.from(canonicalSignedInfo, "utf8");
    return method.key === "ec"
      ? verify(method.hash, data, { key, dsaEncoding: "ieee-p1363" }, value)
      : verify(method.hash, data, key, value);
  });
  if (!signer) refuse("Chữ ký không hợp lệ", "the signature value does not verify");
  return signer!;
}

/**
 * Verifies a package's XML-DSig signature: its place, the profile's transforms, the digest over
 * the whole package, the signature value with the certificate it carries, and — when anchors are
 * given — that the certificate chains to one of them. RSA-SHA1 and SHA-1 digests, which the
 * standard's published samples use, are accepted with a warning.
 */
export function verifyEdxml(options: {
  xml: string;
  trustAnchors?: readonly (Uint8Array | string)[];
  /** When to judge the certificate's validity period; now by default. */
  at?: Date;
}): VerifyEdxmlResult {
  const warnings: string[] = [];
  const result: VerifyEdxmlResult = { valid: false, warnings, errors: [] };
  try {
    const { doc, signature } = locateSignature(options.xml);
    const signedInfo = only(signature, "SignedInfo");
    const c14nUri = only(signedInfo, "CanonicalizationMethod").getAttribute("Algorithm") ?? "";
    if (c14nUri !== URI.excC14n && c14nUri !== URI.c14n)
      refuse("Phương pháp chuẩn hóa không hỗ trợ", `unsupported canonicalization ${c14nUri}`);
    const methodUri = only(signedInfo, "SignatureMethod").getAttribute("Algorithm") ?? "";
    const method = SIGNATURE_METHODS[methodUri];
    if (!method) return refuse("Thuật toán ký không hỗ trợ", `unsupported signature ${methodUri}`);
    result.algorithm = method.name;
    const reference = readReference(signedInfo);
    if (method.hash === "sha1" || reference.digest === "sha1")
      warnings.push("RSA-SHA1 — chấp nhận cho gói cũ / accepted for old packages");
    const canonicalSignedInfo = canonicalize(signedInfo, c14nUri);
    const certificates = childElements(
      childElements(only(signature, "KeyInfo"), "X509Data", DSIG_NS)[0] ?? signature,
      "X509Certificate",
      DSIG_NS,
    ).map((c) => new X509Certificate(Buffer.from(text(c), "base64")));
    if (certificates.length === 0)
      refuse("Chữ ký không kèm chứng thư số", "the signature carries no certificate");
    const signatureValue = Buffer.from(text(only(signature, "SignatureValue")), "base64");
    const cert = checkSignatureValue(method, canonicalSignedInfo, signatureValue, certificates);
    result.signer = describeSigner(cert);
    signature.parentNode!.removeChild(signature);
    const digest = createHash(reference.digest)
      .update(canonicalize(doc.documentElement!, reference.c14n))
      .digest();
    const expected = Buffer.from(reference.digestValue, "base64");
    if (digest.length !== expected.length || !timingSafeEqual(digest, expected))
      refuse("Nội dung gói tin đã bị thay đổi sau khi ký", "the package was changed after signing");
    const at = options.at ?? new Date();
    if (at < result.signer.validFrom || at > result.signer.validTo)
      warnings.push(
        "Chứng thư số ngoài thời hạn hiệu lực vào lúc kiểm tra / the certificate is outside its validity period at the time of checking",
      );
    if (options.trustAnchors) {
      result.trusted = chainsToAnchor(cert, certificates, readAnchors(options.trustAnchors));
      if (!result.trusted)
        refuse(
          "Chứng thư số không thuộc chuỗi tin cậy đã cho",
          "the certificate does not chain to a given trust anchor",
        );
    }
    result.valid = true;
  } catch (error) {
    if (error instanceof Refusal) result.errors.push(error.message);
    else if (error instanceof EdxmlError) result.errors.push(error.message);
    else
      result.errors.push(
        `Không đọc được chữ ký / unreadable signature: ${(error as Error).message}`,
      );
  }
  return result;
}
