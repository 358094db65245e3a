import "reflect-metadata";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createDemoPki, type DemoPki } from "../demo-ca/create-demo-pki.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { PkiError } from "../x509/errors.ts";
import { createRevocationCache } from "./cache.ts";
import { parseCrl } from "./crl.ts";
import { fetchBytes } from "./fetch.ts";
import { buildOcspRequest, parseOcspResponse } from "./ocsp.ts";

const typed = (code: string) => (error: unknown) =>
  error instanceof PkiError && error.code === code;

/** Runs `parse` over `der` with random byte changes and truncation; only PkiError may escape. */
function fuzz(der: Uint8Array, parse: (bytes: Uint8Array) => unknown) {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.nat(der.length),
      (mutations, cut) => {
        const bytes = der.slice(0, Math.max(cut, 1));
        for (const [at, value] of mutations) if (at < bytes.length) bytes[at] = value;
        try {
          parse(bytes);
        } catch (error) {
          assert.ok(error instanceof PkiError, String(error));
        }
      },
    ),
    { numRuns: 300 },
  );
}

describe("revocation data parsers and fetching", () => {
  let pki: DemoPki;
  let server: Server;
  let url: string;
  before(async () => {
    pki = await createDemoPki({ keyType: "EC" });
    server = createServer((request, response) => {
      if (request.url === "/slow") return void setTimeout(() => response.end("late"), 2000);
      if (request.url === "/big") return void response.end(Buffer.alloc(4096));
      response.writeHead(request.url === "/ok" ? 200 : 404).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("never lets anything but PkiError escape the CRL and OCSP parsers on mutated DER", async () => {
    fuzz(await pki.crl("issuing-ca"), parseCrl);
    const request = buildOcspRequest({
      certificate: parseCertificate(pki.revoked.certificate),
      issuer: parseCertificate(pki.issuingCa.certificate),
    });
    fuzz(await pki.respondOcsp(request), parseOcspResponse);
  });

  it("reads revoked entries with reasons and OCSP statuses", async () => {
    const crl = parseCrl(await pki.crl("issuing-ca"));
    const serial = parseCertificate(pki.revoked.certificate).serialNumber;
    assert.equal(crl.revoked.get(serial)?.reason, "keyCompromise");
    const request = buildOcspRequest({
      certificate: parseCertificate(pki.revoked.certificate),
      issuer: parseCertificate(pki.issuingCa.certificate),
    });
    const response = parseOcspResponse(await pki.respondOcsp(request));
    assert.equal(response.responses[0]?.status, "revoked");
    assert.equal(response.responses[0]?.reason, "keyCompromise");
  });

  it("fetches over http only, within a time and size limit", async () => {
    assert.deepEqual(await fetchBytes({ url: `${url}/ok` }), new Uint8Array(Buffer.from("ok")));
    await assert.rejects(fetchBytes({ url: "file:///etc/passwd" }), typed("fetch_failed"));
    await assert.rejects(
      fetchBytes({ url: "ldap://ldap.example.vn/cn=CA" }),
      typed("fetch_failed"),
    );
    await assert.rejects(fetchBytes({ url: `${url}/missing` }), /HTTP 404/);
    await assert.rejects(fetchBytes({ url: `${url}/slow`, timeoutMs: 200 }), typed("fetch_failed"));
    await assert.rejects(fetchBytes({ url: `${url}/big`, maxBytes: 1000 }), /too large/);
  });

  it("forgets cached entries at their nextUpdate and when full", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const cache = createRevocationCache({ maxEntries: 2, now: () => now });
    cache.set("a", new Uint8Array([1]), new Date("2026-01-01T01:00:00Z"));
    assert.deepEqual(cache.get("a"), new Uint8Array([1]));
    now = new Date("2026-01-01T01:00:00Z");
    assert.equal(cache.get("a"), undefined);
    cache.set("b", new Uint8Array([2]), new Date("2027-01-01"));
    cache.set("c", new Uint8Array([3]), new Date("2027-01-01"));
    cache.set("d", new Uint8Array([4]), new Date("2027-01-01"));
    assert.equal(cache.get("b"), undefined);
    assert.deepEqual(cache.get("d"), new Uint8Array([4]));
  });
});
