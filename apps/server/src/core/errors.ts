/**
 * The one application error type. Each code maps to an HTTP status here and nowhere else, and to a
 * Vietnamese and English title in `i18n.ts`. Clients rely on `code`; keep codes stable.
 */
export const ERROR_STATUS = {
  /** The request body, query or path does not match the schema (unknown field, wrong type, ...). */
  validation_failed: 400,
  /** The body is not valid JSON. */
  malformed_json: 400,
  /** No valid session or bearer token. */
  unauthenticated: 401,
  /** Wrong username or password (deliberately does not say which). */
  invalid_credentials: 401,
  /** Wrong, expired or already used one-time code or recovery code (second factor). */
  invalid_second_factor: 401,
  /** Signed in, but the role or organization scope does not allow this action. */
  forbidden: 403,
  /** A cookie-authenticated write came without the matching CSRF token. */
  csrf_failed: 403,
  /** The account is locked after repeated failed sign-ins, or disabled by an administrator. */
  account_locked: 423,
  /** The resource does not exist (or the caller may not know that it does). */
  not_found: 404,
  /** The change conflicts with existing data, e.g. a duplicate agency code or username. */
  conflict: 409,
  /** The body is larger than the configured limit. */
  payload_too_large: 413,
  /** The body's content type is not accepted by this endpoint. */
  unsupported_media_type: 415,
  /** The value is well-formed but breaks a domain rule (password policy, agency code format, ...). */
  unprocessable: 422,
  /** Too many requests from this client; retry after the indicated time. */
  rate_limited: 429,
  /** A consumer system has used up its quota of calls to a service for the current period. */
  quota_exceeded: 429,
  /** A consumer system has no access right to this service (or endpoint) through the LGSP. */
  access_not_granted: 403,
  /** The consumer's access right to this service has expired or was revoked. */
  access_expired: 403,
  /** Unexpected failure inside the platform; the request id helps operators find the log entry. */
  internal: 500,
  /** A dependency (database, another instance) is unavailable. */
  service_unavailable: 503,
  /** The provider behind the gateway answered badly or could not be reached. */
  bad_gateway: 502,
  /** The provider behind the gateway did not answer in time. */
  gateway_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one field, reported in the `errors` member of a problem details body. */
export type FieldError = { path: string; message: string };

/** A sentence in Vietnamese (source) and English; the HTTP layer picks the caller's language. */
export type Bilingual = { vi: string; en: string };

export type AppErrorOptions = {
  /** Human sentence for this occurrence, in both languages. */
  detail?: Bilingual;
  /** Field-level problems (validation). */
  errors?: FieldError[];
  /** Extra members added to the problem body (e.g. `retryAfter`). */
  extra?: Record<string, unknown>;
  cause?: unknown;
};

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: Bilingual | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.detail?.en ?? code, { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.detail = options.detail;
    this.errors = options.errors;
    this.extra = options.extra;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
