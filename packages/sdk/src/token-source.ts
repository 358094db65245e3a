import { problemOf } from "./problem.ts";
import { delayBeforeRetry, retriesStatus, sleep, type RetryPolicy } from "./retry.ts";

/** Renew a token this long before it runs out (at most a tenth of its lifetime). */
const RENEW_BEFORE_SECONDS = 30;

type Cached = { token: string; renewAt: number };

export type TokenSourceOptions = {
  tokenUrl: string;
  resource: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  fetch: typeof fetch;
  retry: RetryPolicy;
};

/**
 * Access tokens from the platform's token endpoint by the client-credentials grant (RFC 6749
 * §4.4) with the LGSP as resource (RFC 8707), the client authenticated with HTTP Basic. A token
 * is reused until shortly before it expires, and only one token request is in flight at a time:
 * callers arriving meanwhile wait for it instead of asking again.
 */
export class ClientCredentialsTokens {
  readonly #options: TokenSourceOptions;
  #cached: Cached | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: TokenSourceOptions) {
    this.#options = options;
  }

  /** A token valid for a while yet: the cached one, or a new one. */
  async token(): Promise<string> {
    if (this.#cached && Date.now() < this.#cached.renewAt) return this.#cached.token;
    this.#pending ??= this.#request().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * Forgets `token` after the gateway refused it (revoked, signing key rotated, clock skew). A
   * newer token another caller already obtained is kept.
   */
  invalidate(token: string) {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  async #request(): Promise<string> {
    const { tokenUrl, resource, clientId, clientSecret, scope, retry } = this.#options;
    // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and encoded.
    const basic = Buffer.from(
      `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
    ).toString("base64");
    const body = new URLSearchParams({ grant_type: "client_credentials", scope, resource });
    for (let attempt = 1; ; attempt += 1) {
      const asked = Date.now();
      let response: Response;
      try {
        response = await this.#options.fetch(tokenUrl, {
          method: "POST",
          headers: {
            authorization: `Basic ${basic}`,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: body.toString(),
        });
      } catch (error) {
        const wait = attempt < retry.attempts ? delayBeforeRetry(retry, attempt) : undefined;
        if (wait === undefined) throw error;
        await sleep(wait);
        continue;
      }
      if (response.ok) {
        const answer = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
        if (typeof answer.access_token !== "string")
          throw new TypeError("the token endpoint answered without an access_token");
        const lifetime = Number(answer.expires_in) > 0 ? Number(answer.expires_in) : 60;
        const margin = Math.min(RENEW_BEFORE_SECONDS, lifetime / 10);
        this.#cached = {
          token: answer.access_token,
          renewAt: asked + (lifetime - margin) * 1000,
        };
        return answer.access_token;
      }
      if (attempt < retry.attempts && retriesStatus("keyed", response.status)) {
        const wait = delayBeforeRetry(retry, attempt);
        if (wait !== undefined) {
          await response.body?.cancel();
          await sleep(wait);
          continue;
        }
      }
      throw await problemOf(response);
    }
  }
}
