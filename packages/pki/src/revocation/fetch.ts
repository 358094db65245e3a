import { PkiError } from "../x509/errors.ts";

export type FetchPolicy = {
  /** Whole request, connection to last byte; default 5 s. */
  timeoutMs?: number;
  /** Larger answers are cut off and refused; default 10 MB (a national CA's CRL can be several MB). */
  maxBytes?: number;
};

/**
 * Fetches revocation data or a timestamp over HTTP(S) only — a certificate's URLs come from
 * whoever issued it, so `file:`, `ldap:` and the like are refused, as are slow or oversized answers.
 */
export async function fetchBytes(
  options: FetchPolicy & { url: string; body?: Uint8Array; contentType?: string },
): Promise<Uint8Array> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new PkiError("fetch_failed", `địa chỉ sai / bad URL ${options.url}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new PkiError("fetch_failed", `chỉ http/https / only http and https: ${url.protocol}`);
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  try {
    const response = await fetch(url, {
      method: options.body ? "POST" : "GET",
      ...(options.body
        ? {
            body: options.body,
            headers: { "content-type": options.contentType ?? "application/octet-stream" },
          }
        : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (!response.ok || !response.body)
      throw new PkiError("fetch_failed", `HTTP ${response.status} ${url.href}`);
    if (Number(response.headers.get("content-length") ?? 0) > maxBytes)
      throw new PkiError("fetch_failed", `quá lớn / too large: ${url.href}`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new PkiError("fetch_failed", `quá lớn / too large: ${url.href}`);
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  } catch (error) {
    if (error instanceof PkiError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PkiError("fetch_failed", `${url.href} (${reason})`, { cause: error });
  }
}
