import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PassThrough } from "node:stream";
import { buildEdoc } from "./build.ts";
import { parseEdxml, writableSink } from "./parse.ts";
import { buildAttachment, buildEdocModel } from "./testing/factories.ts";

const PDF = Buffer.from("%PDF-1.4\nCông văn mẫu của một hệ thống khác\n%%EOF\n");
const wrapped = PDF.toString("base64").replace(/(.{16})/g, "$1&#13;\n        ");

/** Written the way another vendor's system writes: default namespace, dd/MM/yyyy, indentation. */
const FOREIGN = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<edXML version="1.0">
  <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXMLHeader>
      <MessageHeader>
        <From>
          <OrganId> 000.00.00.H41 </OrganId>
          <OrganName>UBND tỉnh Nghệ An</OrganName>
        </From>
        <To><OrganId>000.00.00.G22</OrganId></To>
        <DocumentId>000.00.00.H41,05/01/2024,12/UBND-VX</DocumentId>
        <Code><CodeNumber>12</CodeNumber><CodeNotation>UBND-VX</CodeNotation></Code>
        <PromulgationInfo><PromulgationDate>05/01/2024</PromulgationDate></PromulgationInfo>
        <DocumentType><Type>1</Type><TypeName>Công văn</TypeName></DocumentType>
        <Subject><![CDATA[Báo cáo tình hình & kết quả]]></Subject>
        <ResponseFor>
          <OrganId>000.00.00.G22</OrganId><Code>7816/VPCP-TTĐT</Code>
          <PromulgationDate>30/09/2015</PromulgationDate>
          <DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</DocumentId>
        </ResponseFor>
      </MessageHeader>
      <TraceHeaderList>
        <TraceHeader><OrganId>000.00.00.H41</OrganId><Timestamp>05/01/2024 08:30</Timestamp></TraceHeader>
      </TraceHeaderList>
    </edXMLHeader>
    <edXMLBody>
      <edXMLManifest version="1.0"><Reference href="cid:bc12"><AttachmentName>bc12.pdf</AttachmentName></Reference></edXMLManifest>
    </edXMLBody>
  </edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:bc12</ContentId>
      <AttachmentName>bc12.pdf</AttachmentName>
      <ContentType>application/pdf</ContentType>
      <ContentTransferEncoded>
        ${wrapped}
      </ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>`;

describe("parseEdxml", () => {
  it("reads what other systems send: default namespace, dd/MM/yyyy, missing optional parts", async () => {
    const parsed = await parseEdxml({ input: FOREIGN, attachmentsInMemory: true });
    assert.deepEqual(parsed.issues, []);
    assert.equal(parsed.kind, "edoc");
    if (parsed.kind !== "edoc") return;
    const { edoc } = parsed;
    assert.equal(edoc.from.organId, "000.00.00.H41");
    assert.equal(edoc.promulgationInfo.promulgationDate, "2024-01-05");
    assert.equal(edoc.subject, "Báo cáo tình hình & kết quả");
    assert.equal(edoc.responseFor[0]!.promulgationDate, "2015-09-30");
    assert.equal(edoc.traceHeaders[0]!.timestamp.toISOString(), "2024-01-05T01:30:00.000Z");
    assert.deepEqual(edoc.toPlaces, []);
    assert.equal(edoc.signerInfo, undefined);
    assert.deepEqual(Buffer.from(parsed.attachments[0]!.content!), PDF);
  });

  it("reads bytes and chunked streams, split anywhere, like a string", async () => {
    const bytes = Buffer.from(FOREIGN);
    const expected = await parseEdxml({ input: FOREIGN, attachmentsInMemory: true });
    for (const size of [1, 7, 64, 1000]) {
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      }
      const parsed = await parseEdxml({ input: chunks(), attachmentsInMemory: true });
      assert.deepEqual(parsed, expected, `chunks of ${size}`);
    }
    assert.deepEqual(await parseEdxml({ input: bytes, attachmentsInMemory: true }), expected);
  });

  it("keeps content whole when the content element's attributes contain >", async () => {
    const odd = FOREIGN.replace("<ContentTransferEncoded>", '<ContentTransferEncoded note="a>b">');
    for (const size of [3, 1 << 20]) {
      const bytes = Buffer.from(odd);
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      }
      const parsed = await parseEdxml({ input: chunks(), attachmentsInMemory: true });
      assert.deepEqual(parsed.issues, []);
      assert.deepEqual(
        Buffer.from(parsed.kind === "edoc" ? parsed.attachments[0]!.content! : []),
        PDF,
      );
    }
  });

  it("hands attachment bytes to a sink, or a Node stream, instead of memory", async () => {
    const second = buildAttachment({
      contentId: "cid:phu-luc",
      content: new Uint8Array([0, 1, 2, 255]),
    });
    const input = buildEdoc({ edoc: buildEdocModel(), attachments: [buildAttachment(), second] });
    const streams: { id?: string; stream: PassThrough; data: Buffer[] }[] = [];
    const parsed = await parseEdxml({
      input,
      sink: writableSink((start) => {
        const stream = new PassThrough();
        const entry = { id: start.contentId, stream, data: [] as Buffer[] };
        stream.on("data", (d: Buffer) => entry.data.push(d));
        streams.push(entry);
        return stream;
      }),
    });
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(
      streams.map((s) => [s.id, Buffer.concat(s.data).toString("hex")]),
      [
        [
          "cid:vanban-7816.pdf",
          Buffer.from(buildAttachment().content as Uint8Array).toString("hex"),
        ],
        ["cid:phu-luc", "000102ff"],
      ],
    );
    assert.equal(parsed.kind === "edoc" && parsed.attachments[1]!.content, undefined);
    assert.equal(parsed.kind === "edoc" && parsed.attachments[1]!.size, 4);
  });

  it("reads a status whose code lost its leading zero", async () => {
    const xml = `<edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:MessageHeader>
      <edXML:From><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:From>
      <edXML:ResponseFor><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</edXML:DocumentId></edXML:ResponseFor>
      <edXML:StatusCode>3</edXML:StatusCode><edXML:Timestamp>2015/09/30 11:00:00</edXML:Timestamp>
      </edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>`;
    const parsed = await parseEdxml({ input: xml });
    assert.equal(parsed.kind, "status");
    assert.deepEqual(parsed.issues, []);
    assert.equal(parsed.kind === "status" && parsed.status.statusCode, "03");
  });
});
