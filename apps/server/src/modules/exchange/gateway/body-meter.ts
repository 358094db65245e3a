import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { EMPTY_SHA256 } from "../exchange-record.ts";

/** SHA-256 of nothing: the digest of every body-less request, without hashing it each time. */

/**
 * Counts and digests a body as it passes, and keeps a copy when asked — only of a body that fits
 * in `captureLimit` bytes, since the evidence log stores bodies whole or not at all.
 */
export class BodyMeter {
  bytes = 0;
  #hash: Hash | undefined;
  #captured: Buffer[] | undefined;
  #captureLimit: number;

  constructor(capture: boolean, captureLimit: number) {
    this.#captureLimit = captureLimit;
    if (capture) this.#captured = [];
  }

  add(chunk: Buffer) {
    this.bytes += chunk.length;
    (this.#hash ??= createHash("sha256")).update(chunk);
    if (!this.#captured) return;
    if (this.bytes <= this.#captureLimit) this.#captured.push(chunk);
    else this.#captured = undefined;
  }

  /** Lower-case hex SHA-256 of everything added. */
  digest(): string {
    return this.#hash ? this.#hash.digest("hex") : EMPTY_SHA256;
  }

  /** The whole body, when capture was asked and it fitted. */
  captured(): Uint8Array | undefined {
    return this.#captured ? Buffer.concat(this.#captured, this.bytes) : undefined;
  }
}

/** Raised by a request body that grows past its limit while it streams. */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/**
 * The request body on its way to the provider: metered, and failed as soon as it passes `limit`
 * (a chunked upload has no length to check up front). Backpressure flows through it as through
 * any transform.
 */
export class RequestBodyMeter extends Transform {
  constructor(
    readonly meter: BodyMeter,
    private readonly limit: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (this.meter.bytes + chunk.length > this.limit) return callback(new BodyTooLargeError());
    this.meter.add(chunk);
    callback(null, chunk);
  }
}
