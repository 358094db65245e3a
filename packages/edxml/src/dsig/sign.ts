import { createHash, X509Certificate } from "node:crypto";
import type { Signer } from "@lienthong/pki";
import { SaxesParser } from "saxes";
import { EdxmlError } from "../errors.ts";
import { DSIG_NS } from "../xml-text.ts";
import { curveBytes, derToP1363, signatureMethodUri, URI } from "./algorithms.ts";
import { canonicalize, childElements, findHeader, parseDocument } from "./dom.ts";

/**
 * Where the closing tag of edXMLHeader starts in the text. The signature is inserted there as
 * text rather than by re-serializing the DOM: a serializer may write a CR literally, which a
 * receiver's parser turns into LF, and the digest would no longer match what was signed.
 */
function headerCloseIndex(xml: string): number {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: string[] = [];
  let index = -1;
  parser.on("opentag", (tag) => stack.push(tag.local));
  parser.on("closetag", (tag) => {
    const path = stack.join("/");
    stack.pop();
    if (
      index < 0 &&
      tag.local === "edXMLHeader" &&
      (path === "edXML/edXMLEnvelope/edXMLHeader" || path === "edXMLEnvelope/edXMLHeader")
    )
      index = xml.lastIndexOf("</", parser.position - 1);
  });
  parser.write(xml).close();
  return index;
}

function signedInfoXml(methodUri: string, digest: string): string {
  return (
    `<SignedInfo><CanonicalizationMethod Algorithm="${URI.excC14n}"/>` +
    `<SignatureMethod Algorithm="${methodUri}"/>` +
    `<Reference URI=""><Transforms><Transform Algorithm="${URI.envelopedSignature}"/>` +
    `<Transform Algorithm="${URI.excC14n}"/></Transforms>` +
    `<DigestMethod Algorithm="${URI.sha256}"/><DigestValue>${digest}</DigestValue></Reference>` +
    "</SignedInfo>"
  );
}

/**
 * Signs a package with an enveloped XML-DSig signature inside edXMLHeader, as QCVN 102 places
 * it: `Reference URI=""` over the whole package (attachments included), enveloped-signature and
 * exclusive c14n, SHA-256 digest, the signer's certificate and chain in KeyInfo/X509Data. The key
 * never comes here: the canonical SignedInfo goes to `signer.sign`, whatever holds the key.
 */
export async function signEdxml(options: { xml: string; signer: Signer }): Promise<string> {
  const { xml, signer } = options;
  const doc = parseDocument(xml);
  const header = findHeader(doc);
  if (!header) throw new EdxmlError("cannot_sign", { detail: "edXMLHeader" });
  if (childElements(header, "Signature", DSIG_NS).length > 0)
    throw new EdxmlError("cannot_sign", {
      detail: "đã có chữ ký / the package is already signed",
    });
  const digest = createHash("sha256")
    .update(canonicalize(doc.documentElement!, URI.excC14n))
    .digest("base64");
  const certificates = [signer.certificate, ...signer.chain].map(
    (der) => `<X509Certificate>${Buffer.from(der).toString("base64")}</X509Certificate>`,
  );
  const skeleton = parseDocument(
    `<Signature xmlns="${DSIG_NS}">${signedInfoXml(signatureMethodUri(signer.algorithm), digest)}</Signature>`,
  );
  const signedInfo = canonicalize(childElements(skeleton.documentElement!)[0]!, URI.excC14n);
  let value: Uint8Array;
  try {
    value = await signer.sign(new TextEncoder().encode(signedInfo));
  } catch (cause) {
    throw new EdxmlError("cannot_sign", { detail: "signer", cause });
  }
  if (signer.algorithm.startsWith("ECDSA")) {
    const curve = new X509Certificate(signer.certificate).publicKey.asymmetricKeyDetails
      ?.namedCurve;
    value = derToP1363(value, curveBytes(curve));
  }
  const signature =
    `<Signature xmlns="${DSIG_NS}">${signedInfo}` +
    `<SignatureValue>${Buffer.from(value).toString("base64")}</SignatureValue>` +
    `<KeyInfo><X509Data>${certificates.join("")}</X509Data></KeyInfo></Signature>`;
  const at = headerCloseIndex(xml);
  if (!/^<\/[\w.:-]*edXMLHeader\s*>/.test(xml.slice(at, at + 200)))
    throw new EdxmlError("cannot_sign", { detail: "edXMLHeader" });
  return xml.slice(0, at) + signature + xml.slice(at);
}
