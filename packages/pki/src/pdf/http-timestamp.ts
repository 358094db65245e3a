import { randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { digestOid } from "../cms/algorithms.ts";
import type { TimestampSource } from "../cms/create-signed-data.ts";
import { bufferOf } from "../cms/signed-attributes.ts";

/**
 * A signature timestamp from an RFC 3161 TSA over HTTP (`application/timestamp-query`), with a
 * nonce and the TSA certificate requested, so the token can be checked offline later.
 */
export function httpTimestampSource(url: string, timeoutMs = 15_000): TimestampSource {
  return async ({ imprint, digest }) => {
    const nonce = randomBytes(8);
    nonce[0]! &= 0x7f;
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: digestOid(digest) }),
        hashedMessage: new asn1js.OctetString({ valueHex: bufferOf(imprint) }),
      }),
      certReq: true,
      nonce: new asn1js.Integer({ valueHex: bufferOf(nonce) }),
    });
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query" },
      body: Buffer.from(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`TSA trả lời / TSA answered HTTP ${response.status}`);
    const answer = pkijs.TimeStampResp.fromBER(await response.arrayBuffer());
    if (answer.status.status > 1 || !answer.timeStampToken)
      throw new Error(`TSA từ chối / TSA refused (status ${answer.status.status})`);
    return new Uint8Array(answer.timeStampToken.toSchema().toBER(false));
  };
}
