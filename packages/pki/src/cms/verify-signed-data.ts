import { createHash, timingSafeEqual, verify, X509Certificate } from "node:crypto";
import { signatureAlgorithmInfo } from "./algorithms.ts";
import { parseSignedData, type ParsedSignedData } from "./parse-signed-data.ts";

export type CmsVerification = {
  parsed: ParsedSignedData;
  /** The message-digest attribute (or, without signed attributes, the signature) covers the content. */
  digestMatches: boolean;
  /** The signature value verifies with the signer certificate's public key. */
  signatureValid: boolean;
  /** The ESS signing-certificate attribute names this certificate; undefined when absent. */
  signingCertificateMatches: boolean | undefined;
  signerCertificate: Uint8Array | undefined;
  /** Why a check failed, in Vietnamese then English. */
  problems: string[];
};

/**
 * Verifies a CMS SignedData over detached content (given as chunks, e.g. a PDF's two byte
 * ranges) or over its own encapsulated content. Accepts RSA PKCS#1 v1.5 and ECDSA with SHA-1
 * to SHA-512: SHA-1 only so old documents can still be read, never to produce.
 */
export function verifyCmsSignature(options: {
  cms: Uint8Array | ParsedSignedData;
  content?: readonly Uint8Array[];
}): CmsVerification {
  const parsed = options.cms instanceof Uint8Array ? parseSignedData(options.cms) : options.cms;
  const problems: string[] = [];
  const content =
    options.content ?? (parsed.encapsulatedContent ? [parsed.encapsulatedContent] : []);
  const hash = createHash(parsed.digest);
  for (const chunk of content) hash.update(chunk);
  const contentDigest = hash.digest();
  const signer = parsed.signerCertificate;
  if (!signer)
    problems.push("Không tìm thấy chứng thư của người ký / signer certificate not found");

  let digestMatches: boolean;
  let signedBytes: Uint8Array;
  if (parsed.signedAttributesDer) {
    digestMatches = !!parsed.messageDigest && equalBytes(parsed.messageDigest, contentDigest);
    signedBytes = parsed.signedAttributesDer;
  } else {
    digestMatches = true;
    signedBytes = Buffer.concat(content);
  }
  if (!digestMatches)
    problems.push("Giá trị băm không khớp nội dung / message digest does not match the content");

  const signatureValid = !!signer && checkSignature(parsed, signer, signedBytes, problems);
  const signingCertificateMatches =
    parsed.signingCertificateHash && signer
      ? equalBytes(
          createHash(parsed.signingCertificateHash.digest).update(signer).digest(),
          parsed.signingCertificateHash.hash,
        )
      : undefined;
  if (signingCertificateMatches === false)
    problems.push(
      "Thuộc tính signing-certificate không khớp chứng thư / signing-certificate attribute names another certificate",
    );
  return {
    parsed,
    digestMatches,
    signatureValid,
    signingCertificateMatches,
    signerCertificate: signer,
    problems,
  };
}

function checkSignature(
  parsed: ParsedSignedData,
  signer: Uint8Array,
  data: Uint8Array,
  problems: string[],
): boolean {
  const info = signatureAlgorithmInfo(parsed.signatureAlgorithmOid);
  if (!info) {
    problems.push(
      `Thuật toán ký không hỗ trợ / unsupported signature algorithm ${parsed.signatureAlgorithmOid}`,
    );
    return false;
  }
  try {
    const key = new X509Certificate(signer).publicKey;
    const ok = verify(info.digest ?? parsed.digest, data, key, parsed.signatureValue);
    if (!ok) problems.push("Chữ ký số không hợp lệ / signature value does not verify");
    return ok;
  } catch (error) {
    problems.push(
      `Không kiểm tra được chữ ký / signature check failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
