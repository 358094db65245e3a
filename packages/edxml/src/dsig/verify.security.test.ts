import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { buildEdoc } from "../build.ts";
import { buildAttachment, buildEdocModel } from "../testing/factories.ts";
import { createTestPki } from "../testing/test-pki.ts";
import { signEdxml } from "./sign.ts";
import { verifyEdxml } from "./verify.ts";

const pki = createTestPki();
/** Another base64 letter: changes the first six bits of the value, so the change is never a no-op. */
const otherBase64 = (letter: string): string => (letter === "A" ? "B" : "A");
const unsigned = await buildEdoc({
  edoc: buildEdocModel(),
  attachments: [buildAttachment()],
}).text();
const signed = await signEdxml({ xml: unsigned, signer: pki.rsa.signer });
const signature = /<Signature .*<\/Signature>/s.exec(signed)![0];
const withoutSignature = signed.replace(signature, "");

/** Each forgery is something an attacker or a broken system could send. */
const FORGERIES: [string, string, RegExp][] = [
  ["a changed subject", signed.replace("V/v triển khai", "V/v hủy bỏ"), /changed after signing/],
  [
    "a changed attachment",
    signed.replace(/<ContentTransferEncoded>JVBE/, "<ContentTransferEncoded>JVBF"),
    /changed after signing/,
  ],
  [
    "an added recipient",
    signed.replace(
      "<edXML:DocumentId>",
      "<edXML:To><edXML:OrganId>000.00.00.H01</edXML:OrganId></edXML:To><edXML:DocumentId>",
    ),
    /changed after signing/,
  ],
  [
    "a changed signature value",
    signed.replace(/<SignatureValue>(.)/, (_, a) => `<SignatureValue>${otherBase64(a)}`),
    /does not verify/,
  ],
  [
    "a changed digest",
    signed.replace(/<DigestValue>(.)/, (_, a) => `<DigestValue>${otherBase64(a)}`),
    /does not verify/,
  ],
  [
    "another certificate",
    signed.replace(
      /<X509Certificate>[^<]+/,
      `<X509Certificate>${pki.ec.certPem.replace(/-----[^-]+-----|\s/g, "")}`,
    ),
    /does not verify/,
  ],
  [
    "the signature moved into an attachment",
    withoutSignature.replace("</Attachment>", `${signature}</Attachment>`),
    /not inside edXMLHeader/,
  ],
  [
    "a second signature",
    signed.replace(
      "</AttachmentEncoded>",
      `<Attachment>${signature}</Attachment></AttachmentEncoded>`,
    ),
    /several signatures/,
  ],
  [
    "a forged envelope before the signed one",
    signed.replace(
      "<edXML:edXMLEnvelope>",
      "<edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:MessageHeader/></edXML:edXMLHeader></edXML:edXMLEnvelope><edXML:edXMLEnvelope>",
    ),
    /not inside edXMLHeader/,
  ],
  [
    "a reference to an element instead of the package",
    signed.replace('<Reference URI="">', '<Reference URI="#vb">'),
    /URI=""/,
  ],
  [
    "an XPath transform",
    signed.replace(
      "<Transforms>",
      '<Transforms><Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"></Transform>',
    ),
    /transforms not allowed/,
  ],
  [
    "an HMAC signature method",
    signed.replace(
      /SignatureMethod Algorithm="[^"]+"/,
      'SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"',
    ),
    /unsupported signature/,
  ],
  [
    "no certificate",
    signed.replace(/<KeyInfo>.*<\/KeyInfo>/s, "<KeyInfo></KeyInfo>"),
    /X509Data|no certificate/,
  ],
  [
    "a DOCTYPE with entities",
    `<!DOCTYPE edXML [<!ENTITY a "x">]>${signed.replace(/^<\?xml[^>]*>\n/, "")}`,
    /DOCTYPE/,
  ],
  ["no signature", unsigned, /not signed/],
  ["not XML", "chữ ký?", /not well-formed/],
];

describe("verifyEdxml refuses forged and broken signatures", () => {
  it("accepts the untouched package", () => {
    assert.equal(verifyEdxml({ xml: signed, trustAnchors: [pki.caPem] }).valid, true);
  });

  for (const [name, xml, reason] of FORGERIES)
    it(`refuses ${name}`, () => {
      const result = verifyEdxml({ xml, trustAnchors: [pki.caPem] });
      assert.equal(result.valid, false);
      assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
      assert.match(result.errors[0]!, reason);
      assert.match(result.errors[0]!, / \/ /);
    });

  it("refuses a certificate that does not chain to the given anchors, and says so", () => {
    const result = verifyEdxml({ xml: signed, trustAnchors: [pki.otherCaPem] });
    assert.equal(result.valid, false);
    assert.equal(result.trusted, false);
    assert.match(result.errors[0]!, /không thuộc chuỗi tin cậy .* does not chain/);
    assert.ok(result.signer, "the signer is still reported");
  });

  it("warns when the certificate is outside its validity period", () => {
    const result = verifyEdxml({ xml: signed, at: new Date("2099-01-01T00:00:00Z") });
    assert.equal(result.valid, true);
    assert.match(result.warnings[0]!, /outside its validity period/);
  });

  it("never throws on mutated signed packages", () => {
    fc.assert(
      fc.property(
        fc.nat(signed.length - 1),
        fc.nat(30),
        fc.string({ maxLength: 4 }),
        (at, cut, insert) => {
          const xml = signed.slice(0, at) + insert + signed.slice(at + cut);
          const result = verifyEdxml({ xml });
          assert.equal(typeof result.valid, "boolean");
          if (result.valid) assert.deepEqual(result.errors, []);
        },
      ),
      { numRuns: 300 },
    );
  });
});
