import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { hasBody } from "../gateway/problems.ts";
import type { ServiceTarget } from "../types.ts";
import { jsonToXml, MediationError, xmlToJson, type Json } from "./json-xml.ts";
import { mediationProblems } from "./problems.ts";

/**
 * Largest body the gateway holds in memory to convert, either way (X-Road's default for a message
 * it still logs). Only converted bodies are held; every other body streams.
 */
export const MEDIATION_MAX_BYTES = 10 * 1024 * 1024;

/** Representation fields that describe the provider's XML, not the JSON the consumer gets. */
const XML_REPRESENTATION = [
  "content-length",
  "content-type",
  "etag",
  "content-md5",
  "digest",
  "content-digest",
  "repr-digest",
];

const utf8 = new TextDecoder("utf-8", { fatal: true });

function mediaType(value: string | string[] | undefined) {
  const text = (Array.isArray(value) ? value[0] : value) ?? "";
  const [type = "", ...parameters] = text.split(";");
  const charset = parameters
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1])
    .find((c) => c !== undefined);
  return { type: type.trim().toLowerCase(), charset: charset?.toLowerCase() };
}

function isEncoded(headers: IncomingHttpHeaders) {
  const coding = headers["content-encoding"];
  return coding !== undefined && coding.trim().toLowerCase() !== "identity";
}

/** An XML response held until it ends, then answered to the consumer as JSON. */
export type ConvertedResponse = {
  /** Takes one chunk; throws a problem once the body passes the bound. */
  add(chunk: Buffer): void;
  /** The consumer's body and fields; throws a problem when the XML cannot be read. */
  finish(headers: Record<string, string | string[]>): {
    body: Buffer;
    headers: Record<string, string | string[]>;
  };
};

/**
 * JSON ↔ XML mediation of one service (`mediation: json-xml`), for a legacy provider that speaks
 * XML to consumers that speak JSON, with the mapping of `json-xml.ts`:
 *
 * - a request body declared `application/json` (or `+json`) is read whole, up to the bound, and
 *   sent as `application/xml; charset=utf-8` under the service's root element; other bodies pass
 *   unchanged;
 * - a response declared `application/xml`, `text/xml` or `+xml` is read whole and answered as
 *   `application/json; charset=utf-8`, marked `x-lgsp-mediation: json-xml`; others pass unchanged;
 * - the provider is asked not to compress (`accept-encoding: identity`): compressed XML cannot be
 *   read.
 *
 * The evidence log digests what the consumer sent and received (the JSON): that is what the
 * consumer can hold against the record, and the XML sent on is the mapping's deterministic image
 * of the JSON recorded. The provider's XML answer is not itself digested; the JSON recorded is
 * what the mapping made of it.
 */
export class JsonXmlMediation {
  readonly #requestLimit: number;
  readonly #responseLimit: number;

  constructor(
    private readonly target: ServiceTarget,
    private readonly root: string,
  ) {
    this.#requestLimit = Math.min(target.maxRequestBytes, MEDIATION_MAX_BYTES);
    this.#responseLimit = Math.min(target.maxResponseBytes, MEDIATION_MAX_BYTES);
  }

  /** Fields every upstream request of this service carries. */
  prepareUpstream(headers: Record<string, string | string[]>) {
    headers["accept-encoding"] = "identity";
  }

  /** Whether the consumer's request has a JSON body to convert (so to read whole first). */
  convertsRequest(req: IncomingMessage): boolean {
    const { type } = mediaType(req.headers["content-type"]);
    return hasBody(req) && (type === "application/json" || type.endsWith("+json"));
  }

  /**
   * Reads the consumer's JSON body, hands it to `received` (the evidence log's meter), and gives
   * the XML to send on with the fields that describe it. Rejects with a problem to answer: 413
   * over the bound, 415 for a compressed or non-UTF-8 body, 400 for JSON that is malformed or has
   * no XML form.
   */
  async convertRequest(
    req: IncomingMessage,
    received: (body: Buffer) => void,
  ): Promise<{ body: Buffer; headers: Record<string, string> }> {
    const { charset } = mediaType(req.headers["content-type"]);
    if (isEncoded(req.headers) || (charset !== undefined && charset !== "utf-8"))
      throw mediationProblems.requestNotPlainUtf8();
    const body = await this.#readRequest(req);
    received(body);
    const xml = this.#toXml(body);
    return {
      body: xml,
      headers: {
        "content-type": "application/xml; charset=utf-8",
        "content-length": String(xml.length),
      },
    };
  }

  /**
   * The body a push channel of this service delivers for a message: JSON (declared
   * `application/json` or `+json`) goes on as XML under the service's root element, like a call's
   * request body; other bodies unchanged (undefined). Throws the problems a call would get: 415
   * for a non-UTF-8 charset, 400 for JSON that is malformed or has no XML form.
   */
  convertMessage(
    payload: Buffer,
    contentType: string,
  ): { body: Buffer; contentType: string } | undefined {
    const { type, charset } = mediaType(contentType);
    if (payload.length === 0 || !(type === "application/json" || type.endsWith("+json")))
      return undefined;
    if (charset !== undefined && charset !== "utf-8") throw mediationProblems.requestNotPlainUtf8();
    return { body: this.#toXml(payload), contentType: "application/xml; charset=utf-8" };
  }

  /** The XML image of a UTF-8 JSON body; a problem when it is not JSON or has no XML form. */
  #toXml(body: Buffer): Buffer {
    let value: Json;
    try {
      value = JSON.parse(utf8.decode(body)) as Json;
    } catch (error) {
      throw mediationProblems.malformedJson((error as Error).message);
    }
    try {
      return Buffer.from(jsonToXml(value, { root: this.root }), "utf8");
    } catch (error) {
      if (error instanceof MediationError) throw mediationProblems.noXmlForm(error.message);
      throw error;
    }
  }

  /**
   * The collector of a provider's XML answer, or undefined when the answer passes unchanged (not
   * XML, no body). Throws a problem when the answer cannot be converted whatever it holds.
   */
  responseConversion(
    method: string,
    status: number,
    headers: IncomingHttpHeaders,
  ): ConvertedResponse | undefined {
    const { type, charset } = mediaType(headers["content-type"]);
    const xml = type === "application/xml" || type === "text/xml" || type.endsWith("+xml");
    if (!xml || method === "HEAD" || status === 204 || status === 304) return undefined;
    if (isEncoded(headers)) throw mediationProblems.compressedXml(this.target);
    if (Number(headers["content-length"]) > this.#responseLimit)
      throw mediationProblems.responseTooLarge(this.target, this.#responseLimit);
    const chunks: Buffer[] = [];
    let bytes = 0;
    return {
      add: (chunk) => {
        bytes += chunk.length;
        if (bytes > this.#responseLimit)
          throw mediationProblems.responseTooLarge(this.target, this.#responseLimit);
        chunks.push(chunk);
      },
      finish: (upstream) => {
        const xmlBody = Buffer.concat(chunks, bytes);
        if (bytes === 0) return { body: xmlBody, headers: upstream };
        let json: Buffer;
        try {
          json = Buffer.from(JSON.stringify(xmlToJson(decodeXml(xmlBody, charset))), "utf8");
        } catch (error) {
          throw mediationProblems.badXml(this.target, (error as Error).message);
        }
        const headers: Record<string, string | string[]> = {};
        for (const name in upstream)
          if (!XML_REPRESENTATION.includes(name)) headers[name] = upstream[name]!;
        headers["content-type"] = "application/json; charset=utf-8";
        headers["content-length"] = String(json.length);
        headers["x-lgsp-mediation"] = "json-xml";
        return { body: json, headers };
      },
    };
  }

  /**
   * The whole body, or a 413 problem at the first byte past the bound; the rest is left unread
   * (the problem closes the connection). Rejects with a plain error when the consumer leaves.
   */
  #readRequest(req: IncomingMessage): Promise<Buffer> {
    const limit = this.#requestLimit;
    if (Number(req.headers["content-length"]) > limit)
      return Promise.reject(mediationProblems.requestTooLarge(this.target, limit));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      const take = (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= limit) return void chunks.push(chunk);
        req.off("data", take);
        reject(mediationProblems.requestTooLarge(this.target, limit));
      };
      req.on("data", take);
      req.once("end", () => resolve(Buffer.concat(chunks, bytes)));
      req.once("error", reject);
      req.once("close", () => reject(new Error("the consumer left")));
    });
  }
}

/**
 * Text of an XML body: in the charset its content type names, else the one its declaration
 * names, else UTF-8 (RFC 7303 §3.2). Legacy providers may still answer in `windows-1258`.
 */
function decodeXml(body: Buffer, charset: string | undefined): string {
  const declared = /^\uFEFF?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    body.subarray(0, 200).toString("latin1"),
  )?.[1];
  return new TextDecoder(charset ?? declared ?? "utf-8", { fatal: true }).decode(body);
}

/** The mediation a call to this service goes through; undefined when bodies pass as they are. */
export function mediationFor(target: ServiceTarget): JsonXmlMediation | undefined {
  const mediation = target.mediation;
  return mediation?.mode === "json-xml"
    ? new JsonXmlMediation(target, mediation.xmlRoot)
    : undefined;
}
