import {
  delayBeforeRetry,
  retriesStatus,
  retryAfterMs,
  sleep,
  type RetryClass,
  type RetryPolicy,
} from "./retry.ts";
import type { ClientCredentialsTokens } from "./token-source.ts";

export type Transport = {
  fetch: typeof fetch;
  tokens: ClientCredentialsTokens;
  retry: RetryPolicy;
};

/** A body `fetch` can send twice; a stream is read once, so a call carrying one is never resent. */
function replayable(body: RequestInit["body"]): boolean {
  if (body === null || body === undefined) return true;
  return !(body instanceof ReadableStream) && !(Symbol.asyncIterator in Object(body));
}

/**
 * Sends one request with the system's bearer token. A 401 drops the token and sends once more
 * with a fresh one (nothing was forwarded: the gateway checks the token first). Failures of the
 * given retry class are sent again with back-off, up to the policy's attempts.
 */
export async function sendAuthorized(
  transport: Transport,
  url: string,
  init: RequestInit,
  retry: RetryClass,
): Promise<Response> {
  const resendable = replayable(init.body);
  let refreshed = false;
  for (let attempt = 1; ;) {
    const token = await transport.tokens.token();
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    let response: Response;
    try {
      response = await transport.fetch(url, { ...init, headers });
    } catch (error) {
      const wait =
        retry !== "never" &&
        resendable &&
        !init.signal?.aborted &&
        attempt < transport.retry.attempts
          ? delayBeforeRetry(transport.retry, attempt)
          : undefined;
      if (wait === undefined) throw error;
      await sleep(wait);
      attempt += 1;
      continue;
    }
    if (response.status === 401 && !refreshed && resendable) {
      refreshed = true;
      transport.tokens.invalidate(token);
      await response.body?.cancel();
      continue;
    }
    if (resendable && attempt < transport.retry.attempts && retriesStatus(retry, response.status)) {
      const retryAfter = retryAfterMs(response.headers.get("retry-after"));
      const wait = delayBeforeRetry(transport.retry, attempt, retryAfter);
      if (wait !== undefined) {
        await response.body?.cancel();
        await sleep(wait);
        attempt += 1;
        continue;
      }
    }
    return response;
  }
}
