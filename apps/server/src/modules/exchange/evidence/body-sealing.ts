import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Config } from "../../../core/config.ts";
import { secretBox } from "../../../core/secret-box.ts";

/** Which body of an exchange. */
export type BodyKind = "request" | "response";

/**
 * Seals exchange bodies with AES-256-GCM under a key the secret box derives from the master key
 * for this one purpose. Bodies are bytes, not text, so they are sealed here rather than with
 * `SecretBox.seal` (which takes a string and would add base64 on top); the layout is
 * `iv (12) ‖ ciphertext ‖ tag (16)`. The exchange id and the kind are authenticated, so a body
 * moved to another exchange does not open.
 */
export type BodySealer = {
  seal(body: Uint8Array, exchangeId: string, kind: BodyKind): Buffer;
  open(sealed: Uint8Array, exchangeId: string, kind: BodyKind): Buffer;
};

const aad = (exchangeId: string, kind: BodyKind) =>
  Buffer.from(`xch:${exchangeId.toLowerCase()}:${kind}`);

export function bodySealer(config: Pick<Config, "masterKey" | "dataDir">): BodySealer {
  const key = secretBox(config).derive("exchange-bodies");
  return {
    seal(body, exchangeId, kind) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(aad(exchangeId, kind));
      return Buffer.concat([iv, cipher.update(body), cipher.final(), cipher.getAuthTag()]);
    },
    open(sealed, exchangeId, kind) {
      const bytes = Buffer.from(sealed);
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
      decipher.setAAD(aad(exchangeId, kind));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(12, bytes.length - 16)),
        decipher.final(),
      ]);
    },
  };
}
