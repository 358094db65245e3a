/** Percent escapes decoded at most this many times: `%252e` is one level, `%25252e` two... */
const DECODE_LEVELS = 4;
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
/** A `%` not followed by two hex digits, which upstreams decode each in their own way. */
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
/** Control characters, the backslash (a separator on Windows and to some servers), `#`. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f\\#]/;

/** Decodes one level of percent escapes byte by byte (never throws on broken UTF-8). */
function decodeOnce(text: string): string {
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * Whether one path segment, however many times an upstream decodes it, stays one harmless
 * segment: never `.` or `..` (nor dots alone, which Windows servers trim to `..`, nor `..;x`, which
 * Tomcat reads as `..`), never a hidden `/`, `\` or NUL.
 */
function isSafeSegment(segment: string): boolean {
  let text = segment;
  for (let level = 0; level <= DECODE_LEVELS; level += 1) {
    if (FORBIDDEN.test(text) || text.includes("/")) return false;
    const beforeParameters = text.split(";", 1)[0]!.trim();
    if (/^\.+$/.test(beforeParameters)) return false;
    if (level === 0 && BROKEN_ESCAPE.test(text)) return false;
    const decoded = decodeOnce(text);
    if (decoded === text) return true;
    text = decoded;
  }
  return false;
}

/**
 * The upstream path for the rest of a gateway path (what follows the version segment, with its
 * query string), below the service's base path — or `undefined` when the rest could climb out of
 * it. Refused: `.` and `..` segments, also percent-encoded (`%2e`, `%252e`, ...), encoded
 * separators (`%2f`, `%5c`), backslashes, NUL and other control characters, empty segments (`//`),
 * broken escapes. The path is passed on as the consumer wrote it (no decoding), so what the
 * provider sees is what the evidence log records; the query string is opaque to the gateway.
 *
 * `basePath` is the path of the service's base URL (`/api/v1` for `https://host/api/v1/`).
 */
export function safeUpstreamPath(rest: string, basePath = "/"): string | undefined {
  const queryAt = rest.indexOf("?");
  const path = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = queryAt < 0 ? "" : rest.slice(queryAt);
  if (FORBIDDEN.test(query)) return undefined;
  if (path !== "" && !path.startsWith("/")) return undefined;
  const segments = path.split("/").slice(1);
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    // Only the last segment may be empty: a trailing slash is meaningful to many upstreams.
    if (segment === "" ? i < segments.length - 1 : !isSafeSegment(segment)) return undefined;
  }
  const base = basePath.endsWith("/") ? basePath.slice(0, -1) : basePath;
  if (!base.startsWith("/") && base !== "") return undefined;
  const joined = `${base}${path}`;
  return `${joined === "" ? "/" : joined}${query}`;
}
