/**
 * Endpoints as access rights name them: `GET /citizens/{id}`, an HTTP method and an OpenAPI path
 * template. A `{name}` segment matches one non-empty path segment; every other segment matches
 * itself exactly (no wildcards, so a right never grants more than the operations it names).
 */
export type EndpointMatcher = { method: string; segments: (string | null)[] };

export function compileEndpoint(endpoint: string): EndpointMatcher {
  const space = endpoint.indexOf(" ");
  const method = endpoint.slice(0, space).toUpperCase();
  const segments = splitPath(endpoint.slice(space + 1)).map((segment) =>
    /^\{[^{}/]+\}$/.test(segment) ? null : segment,
  );
  return { method, segments };
}

/** Whether a call (method, path below the version segment, no query) is one of the endpoint's. */
export function matchesEndpoint(matcher: EndpointMatcher, method: string, path: string): boolean {
  if (matcher.method !== method.toUpperCase()) return false;
  const segments = splitPath(path);
  if (segments.length !== matcher.segments.length) return false;
  for (let i = 0; i < segments.length; i += 1) {
    const expected = matcher.segments[i];
    if (expected === null) {
      if (segments[i] === "") return false;
    } else if (expected !== segments[i]) return false;
  }
  return true;
}

/** `/a/b/` and `/a/b` are one path; `/` is the empty list. */
function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? [] : trimmed.split("/");
}
