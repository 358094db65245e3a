import { childrenOf, readElement, type Element } from "./der.ts";
import { CmsFormatError } from "./parse-signed-data.ts";

/** DER of the OID 1.2.840.113549.1.9.4 (id-messageDigest), tag and length included. */
const MESSAGE_DIGEST_OID = Buffer.from("06092a864886f70d010904", "hex");
/** DER of the OID 1.2.840.113549.1.7.2 (id-signedData). */
const SIGNED_DATA_OID = Buffer.from("06092a864886f70d010702", "hex");

/**
 * The message-digest signed attribute of a CMS SignedData's first signer, read by walking the
 * DER (ContentInfo → SignedData → SignerInfo → signedAttrs) without parsing certificates: the
 * check before embedding a CMS in a PDF, where pkijs took longer than the RSA signature itself.
 * Undefined when the signer has no such attribute; CmsFormatError when the bytes are not a
 * SignedData.
 */
export function signedMessageDigest(cms: Uint8Array): Uint8Array | undefined {
  try {
    const child = (parent: Element, index: number) => {
      const found = childrenOf(cms, parent)[index];
      if (!found) throw new Error("missing element");
      return found;
    };
    const bytesOf = (e: Element) => Buffer.from(cms.subarray(e.start, e.end));
    const contentInfo = readElement(cms);
    const explicit = child(contentInfo, 1);
    if (contentInfo.tag !== 0x30 || explicit.tag !== 0xa0) throw new Error("not a ContentInfo");
    if (!bytesOf(child(contentInfo, 0)).equals(SIGNED_DATA_OID)) throw new Error("not SignedData");
    const signedData = childrenOf(cms, child(explicit, 0));
    const signerInfos = signedData.at(-1);
    if (!signerInfos || signerInfos.tag !== 0x31) throw new Error("no SignerInfos");
    const signedAttributes = childrenOf(cms, child(signerInfos, 0)).find((e) => e.tag === 0xa0);
    for (const attribute of signedAttributes ? childrenOf(cms, signedAttributes) : []) {
      const [type, values] = childrenOf(cms, attribute);
      if (!type || !values) continue;
      if (!bytesOf(type).equals(MESSAGE_DIGEST_OID)) continue;
      const value = child(values, 0);
      return value.tag === 0x04 ? cms.subarray(value.contentStart, value.end) : undefined;
    }
    return undefined;
  } catch (error) {
    throw new CmsFormatError(
      `CMS không đọc được / unreadable CMS: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
