import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { jsonToXml, MediationError, xmlToJson, type Json } from "./json-xml.ts";

/** The value as JSON sees it (objects without a prototype compare equal to plain ones). */
const plain = (value: Json): unknown => JSON.parse(JSON.stringify(value));

describe("JSON ↔ XML mediation", () => {
  it("maps objects, arrays, attributes, text, null and awkward keys", () => {
    const json = {
      hoSo: {
        "@ma": "HS-01",
        "#text": "ghi chú",
        nguoiNop: "Nguyễn Văn A <a&b>",
        giayTo: ["CCCD", "Sổ hộ khẩu"],
        "so luong": 2,
        daDuyet: true,
        ghiChu: null,
      },
    };
    const xml = jsonToXml(json);
    assert.equal(
      xml,
      '<?xml version="1.0" encoding="UTF-8"?><jsonObject xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        '<hoSo ma="HS-01">ghi chú<nguoiNop>Nguyễn Văn A &lt;a&amp;b&gt;</nguoiNop>' +
        "<giayTo>CCCD</giayTo><giayTo>Sổ hộ khẩu</giayTo><_736f206c756f6e67>2</_736f206c756f6e67>" +
        '<daDuyet>true</daDuyet><ghiChu xsi:nil="true"/></hoSo></jsonObject>',
    );
    assert.deepEqual(plain(xmlToJson(xml)), {
      hoSo: {
        "@ma": "HS-01",
        "#text": "ghi chú",
        nguoiNop: "Nguyễn Văn A <a&b>",
        giayTo: ["CCCD", "Sổ hộ khẩu"],
        "so luong": "2",
        daDuyet: "true",
        ghiChu: null,
      },
    });
  });

  it("refuses what has no faithful form, and hostile XML", () => {
    assert.throws(() => jsonToXml([1, 2] as Json), MediationError);
    assert.throws(() => jsonToXml({ a: [[1]] }), MediationError);
    assert.throws(() => jsonToXml({ a: Number.NaN }), MediationError);
    assert.throws(() => jsonToXml({ a: "\u0001" }), MediationError);
    assert.throws(() => xmlToJson("<a><b></a>"), MediationError);
    assert.throws(() => xmlToJson(""), MediationError);
    const polluted = xmlToJson("<r><__proto__><admin>true</admin></__proto__></r>") as Record<
      string,
      Json
    >;
    assert.equal(({} as Record<string, unknown>).admin, undefined);
    assert.deepEqual(plain(polluted), JSON.parse('{"__proto__":{"admin":"true"}}'));
    assert.throws(
      () => xmlToJson('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'),
      MediationError,
    );
    let deep: Json = "x";
    for (let i = 0; i < 300; i += 1) deep = { a: deep };
    assert.throws(() => jsonToXml(deep), MediationError);
    assert.throws(() => xmlToJson(`${"<a>".repeat(300)}${"</a>".repeat(300)}`), MediationError);
  });

  // Keys without a leading `@`/`#`; leaves are strings; arrays have at least two items.
  const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !/^[@#]/.test(k));
  const text = fc
    .string({ maxLength: 20 })
    // eslint-disable-next-line no-control-regex -- the characters XML cannot carry
    .map((t) => t.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\r]/g, ""));
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      text.filter((t) => t !== "" && t.trim() === t),
      fc.dictionary(key, tie("node"), { minKeys: 1, maxKeys: 4 }),
    ),
    node: fc.oneof(tie("tree"), fc.array(tie("tree"), { minLength: 2, maxLength: 3 })),
  }));

  it("gives back the same JSON after a round trip through XML (strings, arrays of two or more)", () => {
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }), (value) => {
        assert.deepEqual(plain(xmlToJson(jsonToXml(value as Json))), plain(value as Json));
      }),
      { numRuns: 300 },
    );
  });

  it("gives back the same XML after a round trip through JSON", () => {
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }), (value) => {
        const xml = jsonToXml(value as Json);
        assert.equal(jsonToXml(xmlToJson(xml)), xml);
      }),
      { numRuns: 300 },
    );
  });
});
