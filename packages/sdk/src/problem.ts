/** One field a problem names, as in the platform's `validation_failed` answers. */
export type ProblemField = { path: string; message: string };

/**
 * An RFC 9457 problem answered by the platform (the gateway, the messaging routes, the token
 * endpoint) or by a provider behind the gateway. `code` is the platform's stable code
 * (`access_not_granted`, `rate_limited`, ...), the OAuth error for token refusals
 * (`invalid_client`), or `http_<status>` when the answer carried no problem body.
 */
export class LgspProblem extends Error {
  override readonly name = "LgspProblem";
  readonly status: number;
  readonly code: string;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  /** The gateway's `x-lgsp-exchange-id`: the key to the exchange in the evidence log. */
  readonly exchangeId: string | undefined;
  readonly errors: ProblemField[] | undefined;
  /** The whole body as received (extension members such as `tokenError`, `retryAfter`). */
  readonly body: Record<string, unknown>;

  constructor(options: {
    status: number;
    code: string;
    title?: string | undefined;
    detail?: string | undefined;
    requestId?: string | undefined;
    exchangeId?: string | undefined;
    errors?: ProblemField[] | undefined;
    body?: Record<string, unknown>;
  }) {
    super(`${options.status} ${options.code}${options.detail ? `: ${options.detail}` : ""}`);
    this.status = options.status;
    this.code = options.code;
    this.title = options.title;
    this.detail = options.detail;
    this.requestId = options.requestId;
    this.exchangeId = options.exchangeId;
    this.errors = options.errors;
    this.body = options.body ?? {};
  }
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** Reads an unsuccessful response (consuming its body) into an `LgspProblem`. */
export async function problemOf(response: Response): Promise<LgspProblem> {
  let body: Record<string, unknown> = {};
  const type = response.headers.get("content-type") ?? "";
  if (/^application\/(problem\+)?json\b/i.test(type)) {
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      // A body that does not parse still makes a problem, named by its status.
    }
  } else {
    await response.body?.cancel();
  }
  // OAuth token refusals (RFC 6749 §5.2) say `error` and `error_description` instead.
  const code = text(body.code) ?? text(body.error) ?? `http_${response.status}`;
  return new LgspProblem({
    status: response.status,
    code,
    title: text(body.title),
    detail: text(body.detail) ?? text(body.error_description),
    requestId: text(body.requestId),
    exchangeId: response.headers.get("x-lgsp-exchange-id") ?? undefined,
    errors: Array.isArray(body.errors) ? (body.errors as ProblemField[]) : undefined,
    body,
  });
}
