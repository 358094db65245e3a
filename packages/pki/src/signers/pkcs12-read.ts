import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import { parseCertificate } from "../x509/certificate.ts";
import { guardParse, PkiError } from "../x509/errors.ts";
import { OID } from "../x509/oids.ts";
import { decrypt, iterationCount, macOf, PKCS12_OID, type Node } from "./pkcs12-crypto.ts";

export type Pkcs12Contents = {
  key: KeyObject;
  certificate: Uint8Array;
  /** The other certificates in the file, issuer first where the file says so. */
  chain: Uint8Array[];
};

const children = (node: Node | undefined): Node[] => {
  if (!node || !Array.isArray(node.valueBlock.value))
    throw new Error("unexpected PKCS#12 structure");
  return node.valueBlock.value;
};
const oidOf = (node: Node | undefined) =>
  (node as unknown as asn1js.ObjectIdentifier).valueBlock.toString();
const bytesOf = (node: Node | undefined): Uint8Array => {
  if (node?.idBlock.isConstructed)
    return Buffer.concat(children(node).map((part) => bytesOf(part)));
  return new Uint8Array(node!.valueBlock.valueHexView);
};
function parse(bytes: Uint8Array): Node {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) throw new Error(parsed.result.error);
  return parsed.result as Node;
}

function readBags(
  safe: Uint8Array,
  password: string,
  found: { keys: KeyObject[]; certificates: Uint8Array[] },
) {
  for (const entry of children(parse(safe))) {
    const [id, value] = children(entry);
    const content = children(value)[0];
    switch (oidOf(id)) {
      case PKCS12_OID.certBag:
        found.certificates.push(bytesOf(children(children(content)[1])[0]));
        break;
      case PKCS12_OID.shroudedKeyBag: {
        const [algorithm, encrypted] = children(content);
        const pkcs8 = decrypt(algorithm!, bytesOf(encrypted), password);
        found.keys.push(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }));
        break;
      }
      case PKCS12_OID.keyBag:
        found.keys.push(
          createPrivateKey({ key: Buffer.from(content!.toBER()), format: "der", type: "pkcs8" }),
        );
        break;
    }
  }
}

/**
 * Reads a PKCS#12 file (ours, OpenSSL 3's default, or the legacy 3DES form of older tools and
 * Windows). Checks the MAC first so a wrong password is reported as such.
 */
export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  return guardParse("malformed_pkcs12", () => {
    const [version, authSafe, macData] = children(parse(bytes));
    if (version?.valueBlock.valueDec !== 3) throw new Error("PFX version is not 3");
    const [contentType, wrapped] = children(authSafe);
    if (oidOf(contentType) !== OID.contentTypeData)
      throw new PkiError("unsupported_algorithm", "public-key integrity mode");
    const authenticatedSafe = bytesOf(children(wrapped)[0]);
    if (macData) {
      const [digestInfo, salt, iterations] = children(macData);
      const [algorithm, digest] = children(digestInfo);
      const expected = macOf({
        password,
        salt: bytesOf(salt),
        iterations: iterationCount(iterations),
        digestOid: oidOf(children(algorithm)[0]),
        data: authenticatedSafe,
      });
      if (!expected.equals(Buffer.from(bytesOf(digest)))) throw new PkiError("wrong_password");
    }
    const found = { keys: [] as KeyObject[], certificates: [] as Uint8Array[] };
    for (const info of children(parse(authenticatedSafe))) {
      const [type, content] = children(info);
      if (oidOf(type) === OID.contentTypeData)
        readBags(bytesOf(children(content)[0]), password, found);
      else if (oidOf(type) === OID.encryptedData) {
        const [, encryptedContentInfo] = children(children(content)[0]);
        const [, algorithm, encrypted] = children(encryptedContentInfo);
        readBags(decrypt(algorithm!, bytesOf(encrypted), password), password, found);
      } else throw new PkiError("unsupported_algorithm", oidOf(type));
    }
    const [key] = found.keys;
    if (!key)
      throw new PkiError("key_mismatch", "tệp không có khóa riêng / no private key in file");
    const publicKey = createPublicKey(key).export({ format: "der", type: "spki" });
    const certificate = found.certificates.find((c) =>
      publicKey.equals(Buffer.from(parseCertificate(c).spki)),
    );
    if (!certificate)
      throw new PkiError(
        "key_mismatch",
        "không có chứng thư của khóa / no certificate for the key",
      );
    return { key, certificate, chain: found.certificates.filter((c) => c !== certificate) };
  });
}
