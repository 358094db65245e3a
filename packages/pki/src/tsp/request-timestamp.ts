import { randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import { fetchBytes, type FetchPolicy } from "../revocation/fetch.ts";
import { PkiError } from "../x509/errors.ts";
import { OID_BY_DIGEST } from "../x509/oids.ts";
import { parseTimestampToken, tokenFromResponse } from "./parse-token.ts";
import { bigintOf, positiveInteger } from "./signed-attributes.ts";

export type RequestTimestampOptions = FetchPolicy & {
  url: string;
  /** The digest to timestamp, e.g. SHA-256 of a CMS signature value (PAdES B-T). */
  digest: Uint8Array;
  hashAlgorithm?: "sha256" | "sha384" | "sha512";
  /** Random 64-bit nonce by default; the answer must echo it (replay protection). */
  nonce?: Uint8Array;
  policy?: string;
};

/** TimeStampReq DER (RFC 3161 2.4.1), asking for the TSA certificate to be included. */
export function buildTimestampRequest(
  options: Omit<RequestTimestampOptions, "url"> & { nonce: Uint8Array },
): Uint8Array {
  const algorithm = OID_BY_DIGEST[options.hashAlgorithm ?? "sha256"];
  return new Uint8Array(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 1 }),
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({
              value: [new asn1js.ObjectIdentifier({ value: algorithm }), new asn1js.Null()],
            }),
            new asn1js.OctetString({ valueHex: options.digest }),
          ],
        }),
        ...(options.policy ? [new asn1js.ObjectIdentifier({ value: options.policy })] : []),
        positiveInteger(bigintOf(options.nonce)),
        new asn1js.Boolean({ value: true }),
      ],
    }).toBER(),
  );
}

/**
 * Gets a timestamp token from an RFC 3161 authority over HTTP and checks that it answers this
 * request: granted status, same nonce, same message imprint. Returns the token DER.
 */
export async function requestTimestamp(options: RequestTimestampOptions): Promise<Uint8Array> {
  const nonce = options.nonce ?? randomBytes(8);
  const body = buildTimestampRequest({ ...options, nonce });
  const response = await fetchBytes({
    ...options,
    body,
    contentType: "application/timestamp-query",
  });
  const token = tokenFromResponse(response);
  const parsed = parseTimestampToken(token);
  if (parsed.nonce === undefined || BigInt(`0x${parsed.nonce}`) !== bigintOf(nonce))
    throw new PkiError("timestamp_rejected", "nonce không khớp / nonce mismatch");
  if (
    !Buffer.from(parsed.hashedMessage).equals(Buffer.from(options.digest)) ||
    parsed.hashAlgorithm !== OID_BY_DIGEST[options.hashAlgorithm ?? "sha256"]
  )
    throw new PkiError(
      "timestamp_rejected",
      "dấu thời gian cho dữ liệu khác / token covers other data",
    );
  return token;
}
