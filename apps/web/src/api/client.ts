/** One field-level problem reported by the server (`errors` in RFC 9457 problem details). */
export type FieldProblem = { path: string; message: string };

/**
 * A failed API call. `title` and `detail` come from the server's problem details, already in the
 * language sent as `Accept-Language`; `status` 0 means the server could not be reached.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[];
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string;
    errors?: FieldProblem[];
    requestId?: string;
  }) {
    super(init.detail ?? init.title);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
  }
}

export type QueryValue = string | number | undefined | null;

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let csrfToken: string | null = null;
let acceptLanguage = "vi";

/** The anti-CSRF token the server handed out with the session (from /login or /me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Problem details come back in this language. */
export function setApiLanguage(language: string): void {
  acceptLanguage = language;
}

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

type RequestOptions = {
  method?: string;
  body?: unknown;
  /** A file sent as the raw request body with its own content type (no multipart form). */
  file?: { bytes: Blob; type: string };
  query?: Record<string, QueryValue>;
};

/** Calls the platform API with the session cookie; throws `ApiError` on any non-2xx answer. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": acceptLanguage,
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.file) headers["content-type"] = options.file.type;
  if (UNSAFE_METHODS.has(method) && csrfToken) headers["x-csrf-token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.file
        ? options.file.bytes
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError({ status: 0, code: "network_error", title: "" });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = { status: response.status, code: "http_error", title: "" };
  try {
    const body = (await response.json()) as Partial<{
      code: string;
      title: string;
      detail: string;
      errors: FieldProblem[];
      requestId: string;
    }>;
    return new ApiError({
      ...fallback,
      code: body.code ?? fallback.code,
      title: body.title ?? "",
      detail: body.detail,
      errors: Array.isArray(body.errors) ? body.errors : [],
      requestId: body.requestId,
    });
  } catch {
    return new ApiError(fallback);
  }
}
