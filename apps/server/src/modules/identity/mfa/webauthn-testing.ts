import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { Platform } from "../../../platform.ts";
import { registerPasskey, startPasskeyRegistration } from "./passkeys.ts";
import type { CurrentFactor } from "./proof.ts";

/**
 * A software authenticator for tests, built from the WebAuthn Level 3 spec rather than from the
 * verification library, so registration and authentication go through @simplewebauthn/server for
 * real: an ECDSA P-256 key from node:crypto, clientDataJSON (§5.8.1), authenticator data
 * (§6.1) with the attested credential data and a COSE_Key (RFC 9052 §7), a "none" attestation
 * object in CBOR (RFC 8949), and ES256 signatures over authenticatorData ‖ SHA-256(clientDataJSON).
 */

type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor>;

/** The few CBOR major types WebAuthn needs, in the canonical (shortest) form. */
export function cborEncode(value: Cbor): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cborEncode)]);
  const entries = [...value.entries()].flatMap(([k, v]) => [cborEncode(k), cborEncode(v)]);
  return Buffer.concat([head(5, value.size), ...entries]);
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** RFC 9053: COSE EC2 key, crv P-256 (1), alg ES256 (-7). */
function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  return cborEncode(
    new Map<number, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

type Credential = { id: Buffer; privateKey: KeyObject; publicKey: KeyObject; counter: number };

/** What a test may bend to act like a phishing page, another site or a cloned key. */
export type Tamper = { origin?: string; rpId?: string; counter?: number };

export class SoftAuthenticator {
  readonly origin: string;
  readonly rpId: string;
  readonly credentials: Credential[] = [];

  constructor({ origin }: { origin: string }) {
    this.origin = new URL(origin).origin;
    this.rpId = new URL(origin).hostname;
  }

  #clientData(type: string, challenge: string, tamper: Tamper): Buffer {
    const origin = tamper.origin ?? this.origin;
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  #authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested ?? Buffer.alloc(0)]);
  }

  /** `navigator.credentials.create()`: a new key pair, answered with a "none" attestation. */
  create(options: PublicKeyCredentialCreationOptionsJSON, tamper: Tamper = {}) {
    if (!options.pubKeyCredParams.some((p) => p.alg === -7)) throw new Error("ES256 not offered");
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const credential = { id: randomBytes(32), privateKey, publicKey, counter: 0 };
    this.credentials.push(credential);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, credential.id, coseKey(publicKey)]);
    const authData = this.#authData(
      tamper.rpId ?? this.rpId,
      FLAG_UP | FLAG_UV | FLAG_AT,
      credential.counter,
      attested,
    );
    const attestationObject = cborEncode(
      new Map<string, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    const id = credential.id.toString("base64url");
    return {
      id,
      rawId: id,
      type: "public-key",
      response: {
        clientDataJSON: this.#clientData("webauthn.create", options.challenge, tamper).toString(
          "base64url",
        ),
        attestationObject: attestationObject.toString("base64url"),
        transports: ["internal"],
      },
      clientExtensionResults: {},
    } satisfies RegistrationResponseJSON;
  }

  /**
   * `navigator.credentials.get()`: signs with the first allowed key this authenticator holds (or
   * `credential` when given), after moving its counter forward by one.
   */
  get(
    options: PublicKeyCredentialRequestOptionsJSON,
    tamper: Tamper = {},
    credential?: Credential,
  ) {
    const allowed = new Set(options.allowCredentials?.map((c) => c.id));
    const key = credential ?? this.credentials.find((c) => allowed.has(c.id.toString("base64url")));
    if (!key) throw new Error("no allowed credential on this authenticator");
    key.counter += 1;
    const authData = this.#authData(
      tamper.rpId ?? this.rpId,
      FLAG_UP | FLAG_UV,
      tamper.counter ?? key.counter,
    );
    const clientData = this.#clientData("webauthn.get", options.challenge, tamper);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientData)]), key.privateKey);
    const id = key.id.toString("base64url");
    return {
      id,
      rawId: id,
      type: "public-key",
      response: {
        clientDataJSON: clientData.toString("base64url"),
        authenticatorData: authData.toString("base64url"),
        signature: signature.toString("base64url"),
      },
      clientExtensionResults: {},
    } satisfies AuthenticationResponseJSON;
  }
}

/** An authenticator for the platform's own origin (PUBLIC_URL). */
export const authenticatorFor = (platform: Platform) =>
  new SoftAuthenticator({ origin: platform.ctx.config.publicUrl });

/**
 * Test factory: registers a passkey on `authenticator` for an account through the service, as the
 * account page would within the session `boundTo`, and returns what registration answered.
 */
export async function registerTestPasskey(
  platform: Platform,
  userId: string,
  authenticator: SoftAuthenticator,
  { name = "Khóa thử", boundTo = "session:test", proof = {} as CurrentFactor } = {},
) {
  const { db, config } = platform.ctx;
  const options = await startPasskeyRegistration({ db, config, userId, boundTo });
  return registerPasskey({
    db,
    config,
    userId,
    boundTo,
    name,
    response: authenticator.create(options),
    proof,
  });
}
