import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildEdoc, buildStatus } from "../build.ts";
import { parseEdxml } from "../parse.ts";
import { buildAttachment, buildEdocModel, buildStatusModel } from "../testing/factories.ts";
import { createTestPki, xmlsec } from "../testing/test-pki.ts";
import { signEdxml } from "./sign.ts";
import { verifyEdxml } from "./verify.ts";

const pki = createTestPki();
const edocXml = await buildEdoc({
  edoc: buildEdocModel({ content: "Dòng một\r\nDòng hai & <ba>" }),
  attachments: [buildAttachment()],
}).text();

/** xmlsec1 verifies against the test root only; the certificate comes from the package. */
function xmlsecVerify(xml: string, name: string) {
  const file = path.join(pki.dir, name);
  fs.writeFileSync(file, xml);
  return xmlsec(["--verify", "--trusted-pem", pki.caPath, file]);
}

describe("signEdxml", () => {
  for (const [kind, identity] of [
    ["RSA-SHA256", pki.rsa],
    ["ECDSA-SHA256", pki.ec],
  ] as const)
    it(`signs with ${kind} inside edXMLHeader, verified by xmlsec1 and by verifyEdxml`, async () => {
      const signed = await signEdxml({ xml: edocXml, signer: identity.signer });
      const checked = xmlsecVerify(signed, `signed-${kind}.xml`);
      assert.equal(checked.status, 0, checked.output);
      assert.match(checked.output, /OK/);
      const result = verifyEdxml({ xml: signed, trustAnchors: [pki.caPem] });
      assert.deepEqual(result.errors, []);
      assert.equal(result.valid, true);
      assert.equal(result.trusted, true);
      assert.equal(result.algorithm, kind);
      assert.deepEqual(result.warnings, []);
      assert.match(result.signer!.subject, /Văn phòng Bộ Nội vụ/);
      assert.equal(result.signer!.serialNumber, kind === "RSA-SHA256" ? "1001" : "1002");
      const parsed = await parseEdxml({ input: signed });
      assert.equal(parsed.signed, true);
      assert.deepEqual(parsed.issues, []);
    });

  it("places the signature where the standard says, with the profile's algorithms", async () => {
    const signed = await signEdxml({ xml: edocXml, signer: pki.rsa.signer });
    const header = /<edXML:edXMLHeader>.*<\/edXML:edXMLHeader>/s.exec(signed)![0];
    assert.match(
      header,
      /<Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">.*<\/Signature><\/edXML:edXMLHeader>$/s,
    );
    assert.match(header, /<Reference URI="">/);
    assert.match(header, /xmldsig#enveloped-signature.*xml-exc-c14n#/);
    assert.match(header, /xmlenc#sha256/);
    assert.equal(header.match(/<X509Certificate>/g)!.length, 2);
    // Everything outside the inserted signature is byte for byte what was given.
    assert.equal(signed.replace(/<Signature .*<\/Signature>/s, ""), edocXml);
  });

  it("signs a status package and one written with a default namespace", async () => {
    const status = await signEdxml({
      xml: buildStatus({ status: buildStatusModel() }),
      signer: pki.ec.signer,
    });
    assert.equal(xmlsecVerify(status, "status.xml").status, 0);
    const foreign = `<?xml version="1.0"?>\n<edXML><edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLHeader><MessageHeader/></edXMLHeader><edXMLBody/></edXMLEnvelope></edXML>`;
    const signed = await signEdxml({ xml: foreign, signer: pki.rsa.signer });
    assert.equal(xmlsecVerify(signed, "foreign.xml").status, 0);
    assert.equal(verifyEdxml({ xml: signed }).valid, true);
  });

  const EXC = "http://www.w3.org/2001/10/xml-exc-c14n#";
  const INCLUSIVE = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
  for (const [hash, methodUri, digestUri, c14n] of [
    [
      "RSA-SHA1",
      "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
      "http://www.w3.org/2000/09/xmldsig#sha1",
      EXC,
    ],
    [
      "RSA-SHA1",
      "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
      "http://www.w3.org/2000/09/xmldsig#sha1",
      INCLUSIVE,
    ],
    [
      "RSA-SHA256",
      "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
      "http://www.w3.org/2001/04/xmlenc#sha256",
      EXC,
    ],
  ] as const)
    it(`verifies a package signed by xmlsec1 with ${hash} and ${c14n.split("/").at(-1)}`, () => {
      const template = edocXml.replace(
        "</edXML:edXMLHeader>",
        `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>` +
          `<CanonicalizationMethod Algorithm="${c14n}"/>` +
          `<SignatureMethod Algorithm="${methodUri}"/><Reference URI=""><Transforms>` +
          `<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
          `<Transform Algorithm="${c14n}"/></Transforms>` +
          `<DigestMethod Algorithm="${digestUri}"/><DigestValue/></Reference></SignedInfo>` +
          `<SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature></edXML:edXMLHeader>`,
      );
      const templatePath = path.join(pki.dir, `template-${hash}-${c14n.length}.xml`);
      const out = path.join(pki.dir, `xmlsec-signed-${hash}-${c14n.length}.xml`);
      fs.writeFileSync(templatePath, template);
      const signed = xmlsec([
        "--sign",
        "--privkey-pem",
        `${pki.rsa.keyPath},${pki.rsa.certPath}`,
        "--output",
        out,
        templatePath,
      ]);
      assert.equal(signed.status, 0, signed.output);
      const result = verifyEdxml({ xml: fs.readFileSync(out, "utf8"), trustAnchors: [pki.caPem] });
      assert.deepEqual(result.errors, []);
      assert.equal(result.valid, true);
      assert.equal(result.algorithm, hash);
      assert.deepEqual(
        result.warnings,
        hash === "RSA-SHA1" ? ["RSA-SHA1 — chấp nhận cho gói cũ / accepted for old packages"] : [],
      );
    });
});
