import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config.ts";

/**
 * Encrypts secrets kept in the database (OIDC signing keys, TOTP secrets) with AES-256-GCM under
 * the master key. A sealed value is `v1.<iv>.<ciphertext+tag>` in base64url; the optional
 * `context` (e.g. the row id) is authenticated, so a value copied to another row does not open.
 */
export type SecretBox = {
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string;
  /** A 32-byte key for one purpose (e.g. signing cookies), derived from the master key (HKDF). */
  derive(purpose: string): Buffer;
};

const boxes = new Map<string, SecretBox>();

export function secretBox(config: Pick<Config, "masterKey" | "dataDir">): SecretBox {
  const cacheKey = config.masterKey ? `env:${config.masterKey.toString("base64")}` : config.dataDir;
  let box = boxes.get(cacheKey);
  if (!box) {
    box = makeBox(config.masterKey ?? keyFromDataDir(config.dataDir));
    boxes.set(cacheKey, box);
  }
  return box;
}

function makeBox(key: Buffer): SecretBox {
  return {
    derive(purpose) {
      return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `lienthong:${purpose}`, 32));
    },
    seal(plaintext, context = "") {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([
        cipher.update(plaintext, "utf8"),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `v1.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(sealed, context = "") {
      const [version, ivText, bodyText] = sealed.split(".");
      if (version !== "v1" || !ivText || !bodyText) throw new Error("not a sealed secret");
      const body = Buffer.from(bodyText, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - 16)),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}

/** Reads DATA_DIR/master.key, creating it (mode 0600) on first use; concurrent creators agree. */
function keyFromDataDir(dataDir: string): Buffer {
  const file = path.join(dataDir, "master.key");
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    const fd = fs.openSync(file, "wx", 0o600);
    fs.writeSync(fd, randomBytes(32).toString("base64"));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  for (let attempt = 0; ; attempt += 1) {
    const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
    if (key.length === 32) return key;
    // Another process created the file and has not written it yet.
    if (attempt > 50) throw new Error(`${file} does not hold a 32-byte base64 key`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}
