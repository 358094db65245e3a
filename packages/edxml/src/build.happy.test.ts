import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DOMParser, type Document } from "@xmldom/xmldom";
import { buildEdoc, buildStatus } from "./build.ts";
import { EdxmlError } from "./errors.ts";
import { buildAttachment, buildEdocModel, buildStatusModel } from "./testing/factories.ts";
import { EDXML_NS } from "./xml-text.ts";

/** Reads the output with a different XML parser than ours. */
function dom(xml: string) {
  return new DOMParser().parseFromString(xml, "text/xml");
}
const textAt = (doc: Document, name: string, index = 0) =>
  doc.getElementsByTagNameNS(EDXML_NS, name)[index]?.textContent;

describe("buildEdoc and buildStatus", () => {
  it("writes the standard's shape: prefix edXML, its namespace, yyyy/MM/dd dates, Vietnam time", async () => {
    const edoc = buildEdocModel({
      bussiness: {
        bussinessDocType: 3,
        bussinessDocReason: "Thay thế văn bản ban hành sai thể thức",
        paper: 0,
        replacementInfoList: [
          { documentId: "000.00.00.G22,2015/09/01,7000/VPCP-TTĐT", organIdList: ["000.00.00.H41"] },
        ],
      },
    });
    const xml = await buildEdoc({ edoc, attachments: [buildAttachment()] }).text();
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const doc = dom(xml);
    assert.equal(doc.documentElement!.localName, "edXML");
    const envelope = doc.getElementsByTagNameNS(EDXML_NS, "edXMLEnvelope")[0]!;
    assert.equal(envelope.prefix, "edXML");
    assert.equal(textAt(doc, "PromulgationDate"), "2015/09/30");
    assert.equal(textAt(doc, "DueDate"), "2015/10/15");
    // 03:15 UTC is 10:15 in Hà Nội.
    assert.equal(textAt(doc, "Timestamp"), "2015/09/30 10:15:00");
    assert.equal(textAt(doc, "Subject"), edoc.subject);
    assert.match(xml, /&lt;liên thông&gt; &amp; ký số/);
    assert.equal(textAt(doc, "BussinessDocType"), "3");
    assert.equal(doc.getElementsByTagNameNS(EDXML_NS, "Bussiness").length, 1);
    assert.equal(
      doc.getElementsByTagNameNS(EDXML_NS, "edXMLManifest")[0]!.getAttribute("version"),
      "1.0",
    );
    assert.equal(textAt(doc, "ContentId"), "cid:vanban-7816.pdf");
    const attachment = doc.getElementsByTagName("Attachment")[0]!;
    assert.equal(attachment.namespaceURI, null);
    const encoded = attachment.getElementsByTagName("ContentTransferEncoded")[0]!.textContent!;
    assert.deepEqual(
      new Uint8Array(Buffer.from(encoded, "base64")),
      buildAttachment().content as Uint8Array,
    );
  });

  it("encodes a streamed attachment incrementally, whatever the chunk sizes", async () => {
    const bytes = new Uint8Array(10_007).map((_, i) => (i * 31) & 0xff);
    async function* chunks() {
      for (const size of [1, 2, 5, 4096, 3, 9999]) yield bytes.slice(0, size);
    }
    const expected = Buffer.concat([1, 2, 5, 4096, 3, 9999].map((n) => bytes.slice(0, n)));
    const xml = await buildEdoc({
      edoc: buildEdocModel(),
      attachments: [buildAttachment({ content: chunks() })],
    }).text();
    const encoded = /<ContentTransferEncoded>([^<]*)</.exec(xml)![1]!;
    assert.equal(encoded, expected.toString("base64"));
  });

  it("refuses to be read twice when an attachment was a stream, rather than lose it", async () => {
    async function* once() {
      yield new Uint8Array([1, 2, 3]);
    }
    const output = buildEdoc({
      edoc: buildEdocModel(),
      attachments: [buildAttachment({ content: once() })],
    });
    assert.match(await output.text(), /<ContentTransferEncoded>AQID</);
    await assert.rejects(
      output.text(),
      (e: unknown) => e instanceof EdxmlError && e.code === "stream_failed",
    );
  });

  it("yields UTF-8 chunks that concatenate to the whole package", async () => {
    const output = buildEdoc({ edoc: buildEdocModel(), attachments: [buildAttachment()] });
    const parts: Uint8Array[] = [];
    for await (const part of output) parts.push(part);
    assert.ok(parts.length > 2);
    assert.equal(Buffer.concat(parts).toString("utf8"), await output.text());
  });

  it("writes a status package with its code, reason and timestamp", () => {
    const xml = buildStatus({
      status: buildStatusModel({ statusCode: "02", description: "Sai thẩm quyền" }),
    });
    const doc = dom(xml);
    assert.equal(textAt(doc, "StatusCode"), "02");
    assert.equal(textAt(doc, "Description"), "Sai thẩm quyền");
    assert.equal(textAt(doc, "Timestamp"), "2015/09/30 11:00:00");
  });

  it("refuses to write an invalid package, naming every issue", () => {
    assert.throws(
      () =>
        buildEdoc({
          edoc: buildEdocModel({ subject: "x".repeat(501), to: [] }),
          attachments: [buildAttachment({ contentId: "vanban.pdf" })],
        }),
      (error: unknown) => {
        assert.ok(error instanceof EdxmlError);
        assert.equal(error.code, "invalid_package");
        assert.deepEqual(
          error.issues.map((i) => `${i.path} ${i.rule}`),
          [
            "edXMLHeader/MessageHeader/To required",
            "edXMLHeader/MessageHeader/Subject maxLength 500",
            "AttachmentEncoded/Attachment[1]/ContentId contentId cid:",
          ],
        );
        assert.match(error.issues[1]!.message, /Trích yếu dài quá 500 ký tự \/ Subject is longer/);
        return true;
      },
    );
    assert.throws(
      () => buildStatus({ status: buildStatusModel({ statusCode: "02" }) }),
      (error: EdxmlError) => error.issues[0]!.path === "edXMLHeader/MessageHeader/Description",
    );
  });

  it("refuses characters XML cannot carry", () => {
    assert.throws(
      () => buildEdoc({ edoc: buildEdocModel({ content: "a\u0001b" }) }),
      (error: unknown) =>
        error instanceof EdxmlError &&
        error.code === "invalid_character" &&
        /U\+0001/.test(error.message),
    );
  });
});
