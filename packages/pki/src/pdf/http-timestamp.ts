import type { TimestampSource } from "../cms/create-signed-data.ts";
import { requestTimestamp } from "../tsp/request-timestamp.ts";

/**
 * A signature timestamp from an RFC 3161 TSA over HTTP, through `requestTimestamp`: with a nonce
 * and the TSA certificate requested (so the token can be checked offline later), and the answer's
 * status, nonce and imprint checked.
 */
export function httpTimestampSource(url: string, timeoutMs = 15_000): TimestampSource {
  return ({ imprint, digest }) =>
    requestTimestamp({
      url,
      digest: imprint,
      // A Signer's SignatureAlgorithm is SHA-2 only, so the imprint never uses SHA-1.
      hashAlgorithm: digest as Exclude<typeof digest, "sha1">,
      timeoutMs,
    });
}
