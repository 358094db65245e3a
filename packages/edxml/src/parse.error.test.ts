import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildEdoc, buildStatus } from "./build.ts";
import { EdxmlError } from "./errors.ts";
import { parseEdxml, validateEdxml } from "./parse.ts";
import { buildAttachment, buildEdocModel, buildStatusModel } from "./testing/factories.ts";

const H = "edXMLHeader/MessageHeader";
const valid = await buildEdoc({ edoc: buildEdocModel(), attachments: [buildAttachment()] }).text();
const status = buildStatus({ status: buildStatusModel() });

/** Each case edits a valid package the way a faulty sender would, and names the issue expected. */
const BROKEN: [string, string, string, string][] = [
  [
    "no sender code",
    valid.replace(/<edXML:From><edXML:OrganId>[^<]*/, "<edXML:From><edXML:OrganId>"),
    `${H}/From/OrganId`,
    "required",
  ],
  ["no recipient", valid.replaceAll(/<edXML:To>.*?<\/edXML:To>/g, ""), `${H}/To`, "required"],
  ["bad agency code", valid.replace("000.00.11.H53", "11.H53"), `${H}/To[2]/OrganId`, "agencyCode"],
  [
    "duplicate recipient",
    valid.replace("000.00.11.H53", "000.00.00.H41"),
    `${H}/To[2]/OrganId`,
    "uniqueOrganId",
  ],
  [
    "no DocumentId",
    valid.replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, ""),
    `${H}/DocumentId`,
    "required",
  ],
  [
    "DocumentId of another date",
    valid.replace("G22,2015/09/30", "G22,2015/09/29"),
    `${H}/DocumentId`,
    "documentId",
  ],
  [
    "no code number",
    valid.replace("<edXML:CodeNumber>7816<", "<edXML:CodeNumber><"),
    `${H}/Code/CodeNumber`,
    "required",
  ],
  [
    "no subject",
    valid.replace(/<edXML:Subject>[^<]*/, "<edXML:Subject>"),
    `${H}/Subject`,
    "required",
  ],
  [
    "long subject",
    valid.replace("V/v triển khai", "V".repeat(501)),
    `${H}/Subject`,
    "maxLength 500",
  ],
  ["long content", valid.replace("Đề nghị", "Đ".repeat(501)), `${H}/Content`, "maxLength 500"],
  [
    "long place",
    valid.replace("Như trên", "N".repeat(151)),
    `${H}/ToPlaces/Place[1]`,
    "maxLength 150",
  ],
  ["impossible date", valid.replace("2015/10/15", "2015/02/30"), `${H}/DueDate`, "date yyyy/MM/dd"],
  [
    "bad priority",
    valid.replace("<edXML:Priority>1<", "<edXML:Priority>7<"),
    `${H}/OtherInfo/Priority`,
    "oneOf 0|1|2|3|4",
  ],
  [
    "bad page count",
    valid.replace("<edXML:PageAmount>2<", "<edXML:PageAmount>hai<"),
    `${H}/OtherInfo/PageAmount`,
    "nonNegativeInteger",
  ],
  [
    "bad steering type",
    valid.replace("<edXML:SteeringType>1<", "<edXML:SteeringType>9<"),
    `${H}/SteeringType`,
    "oneOf 1|2|3",
  ],
  [
    "bad trace time",
    valid.replace("2015/09/30 10:15:00", "hôm qua"),
    "edXMLHeader/TraceHeaderList/TraceHeader[1]/Timestamp",
    "timestamp yyyy/MM/dd HH:mm:ss",
  ],
  [
    "revoke without reason",
    valid.replace(
      "</edXML:TraceHeaderList>",
      "<edXML:Bussiness><edXML:BussinessDocType>1</edXML:BussinessDocType></edXML:Bussiness></edXML:TraceHeaderList>",
    ),
    "edXMLHeader/TraceHeaderList/Bussiness/BussinessDocReason",
    "required",
  ],
  [
    "replace without list",
    valid.replace(
      "</edXML:TraceHeaderList>",
      "<edXML:Bussiness><edXML:BussinessDocType>3</edXML:BussinessDocType><edXML:BussinessDocReason>sai</edXML:BussinessDocReason></edXML:Bussiness></edXML:TraceHeaderList>",
    ),
    "edXMLHeader/TraceHeaderList/Bussiness/ReplacementInfoList",
    "required",
  ],
  [
    "bad base64",
    valid.replace(/<ContentTransferEncoded>(.)/, "<ContentTransferEncoded>*$1"),
    "AttachmentEncoded/Attachment[1]/ContentTransferEncoded",
    "base64",
  ],
  [
    "truncated base64",
    valid.replace(/==<\/ContentTransferEncoded>/, "=</ContentTransferEncoded>"),
    "AttachmentEncoded/Attachment[1]/ContentTransferEncoded",
    "base64",
  ],
  [
    "manifest names a missing file",
    valid.replace("<edXML:ContentId>cid:vanban-7816.pdf", "<edXML:ContentId>cid:khac.pdf"),
    "edXMLBody/edXMLManifest/Reference[1]/ContentId",
    "manifestReference",
  ],
  [
    "file outside the manifest",
    valid.replace("<ContentId>cid:vanban-7816.pdf", "<ContentId>cid:khac.pdf"),
    "AttachmentEncoded/Attachment[1]/ContentId",
    "inManifest",
  ],
  [
    "foreign namespace",
    valid.replace(
      'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"',
      'xmlns:edXML="urn:khac"',
    ),
    "edXMLEnvelope",
    "namespace",
  ],
  [
    "status code not in the list",
    status.replace("<edXML:StatusCode>03", "<edXML:StatusCode>09"),
    `${H}/StatusCode`,
    "oneOf 01|02|03|04|05|06|13|15|16",
  ],
  [
    "rejection without reason",
    status.replace("<edXML:StatusCode>03", "<edXML:StatusCode>02"),
    `${H}/Description`,
    "required",
  ],
];

/** Files that are not packages at all; each must be refused with a typed error. */
const MALFORMED: [string, string | Uint8Array, string][] = [
  ["empty", "", "malformed_xml"],
  ["plain text", "Kính gửi các cơ quan", "malformed_xml"],
  ["unclosed element", valid.slice(0, valid.length / 2), "malformed_xml"],
  [
    "truncated inside an attachment",
    valid.slice(0, valid.indexOf("</ContentTransferEncoded>") - 3),
    "malformed_xml",
  ],
  ["mismatched tags", "<edXML><a></b></edXML>", "malformed_xml"],
  ["unbound prefix", "<edXML:edXMLEnvelope/>", "malformed_xml"],
  [
    "entity expansion (billion laughs)",
    '<!DOCTYPE edXML [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><edXML>&b;</edXML>',
    "malformed_xml",
  ],
  [
    "external entity",
    '<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML>&x;</edXML>',
    "malformed_xml",
  ],
  [
    "invalid UTF-8",
    new Uint8Array([0x3c, 0x65, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x65, 0x3e]),
    "malformed_xml",
  ],
  ["two roots", "<edXML/><edXML/>", "malformed_xml"],
  ["another XML format", "<html><body>x</body></html>", "not_edxml"],
  [
    "envelope without header",
    `<edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope/></edXML>`,
    "not_edxml",
  ],
];

describe("edXML validation and malformed input", () => {
  for (const [name, xml, path, rule] of BROKEN)
    it(`reports ${name} at ${path} (${rule})`, async () => {
      const parsed = await parseEdxml({ input: xml });
      assert.ok(
        parsed.issues.some((i) => i.path === path && i.rule === rule),
        JSON.stringify(parsed.issues, null, 1),
      );
      for (const found of parsed.issues) assert.match(found.message, /^.+ \/ .+$/);
    });

  for (const [name, input, code] of MALFORMED)
    it(`refuses ${name} as ${code}`, async () => {
      await assert.rejects(parseEdxml({ input }), (error: unknown) => {
        assert.ok(error instanceof EdxmlError, String(error));
        assert.equal(error.code, code);
        return true;
      });
      const checked = await validateEdxml({ input });
      assert.equal(checked.valid, false);
      assert.equal(checked.issues[0]!.rule, code);
    });

  it("reports a failing sink or source as a stream failure", async () => {
    await assert.rejects(
      parseEdxml({
        input: valid,
        sink: () => ({
          write: () => Promise.reject(new Error("disk full")),
          end: () => undefined,
        }),
      }),
      (error: unknown) => error instanceof EdxmlError && error.code === "stream_failed",
    );
    async function* failing() {
      yield Buffer.from(valid.slice(0, 100));
      throw new Error("connection reset");
    }
    await assert.rejects(
      parseEdxml({ input: failing() }),
      (error: unknown) => error instanceof EdxmlError && error.code === "stream_failed",
    );
  });
});
