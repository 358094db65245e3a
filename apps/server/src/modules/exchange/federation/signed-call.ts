import { X509Certificate, type KeyObject } from "node:crypto";
import { CompactSign, compactVerify } from "jose";

/** The header carrying a federated call's signed statement from the calling instance. */
export const SIGNED_CALL_HEADER = "x-lgsp-federation-call";
const TYPE = "lgsp-federation-call+jws";
/** A statement is good for this long; with clock skew allowed on both sides. */
export const SIGNED_CALL_TTL_SECONDS = 60;
const CLOCK_SKEW_SECONDS = 30;

/**
 * What the calling instance vouches for, signed with its instance key: the exact request (method
 * and gateway path with query), who the consumer is on its side (agency code, system code, SSO
 * client) and the end user it acts for, if named, and the exchange's ids, so both evidence logs
 * name the same exchange. The body is
 * streamed, so its digest is not in the statement; mutual TLS protects it in transit and both
 * sides log its SHA-256.
 */
export type SignedCall = {
  method: string;
  path: string;
  consumer: { orgCode: string; systemCode: string; clientId: string };
  /** The end user the consumer named (`x-lgsp-end-user`), when it named one. */
  endUser?: string;
  exchangeId: string;
  correlationId: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
};

export async function signCall(
  key: KeyObject,
  call: Omit<SignedCall, "iat" | "exp">,
  now = Date.now(),
): Promise<string> {
  return signStatement(key, TYPE, call, now);
}

/** Why a signed statement was refused; each is answered with a problem, never forwarded. */
export type SignedCallRefusal = "missing" | "bad_signature" | "mismatch" | "expired" | "replayed";

/** Accepts each exchange id once while its statement is valid. */
export type ReplayCheck = {
  /** False when the exchange id was already accepted and has not yet expired. */
  accept(exchangeId: string, exp: number, now: number): Promise<boolean>;
};

/** Remembers, in this process, statements already accepted until they expire. */
export class ReplayGuard implements ReplayCheck {
  readonly #seen = new Map<string, number>();
  async accept(exchangeId: string, exp: number, now: number): Promise<boolean> {
    for (const [id, until] of this.#seen) {
      if (until >= now) break;
      this.#seen.delete(id);
    }
    if (this.#seen.has(exchangeId)) return false;
    this.#seen.set(exchangeId, exp);
    return true;
  }
}

/** Seconds a statement may be early or late; the replay record is kept this much past `exp`. */
export const SIGNED_CALL_SKEW_SECONDS = CLOCK_SKEW_SECONDS;

/**
 * Checks a statement against the peer's pinned certificate and the request as received, and that
 * its exchange id was not accepted before (`replay`: shared by every process on the database).
 */
export async function verifyCall(options: {
  jws: string | undefined;
  peerCertificate: string;
  method: string;
  path: string;
  replay: ReplayCheck;
  now?: number;
}): Promise<{ call: SignedCall } | { refused: SignedCallRefusal }> {
  const verdict = await verifyStatement<SignedCall>({ ...options, typ: TYPE });
  if ("refused" in verdict) return verdict;
  const call = verdict.statement;
  if (call.method !== options.method || call.path !== options.path) return { refused: "mismatch" };
  return (await acceptOnce(call, options)) ?? { call };
}

/** Signs a statement of type `typ` with this instance's key, good for 60 s from `now`. */
export async function signStatement<T extends object>(
  key: KeyObject,
  typ: string,
  body: T,
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const statement = { ...body, iat, exp: iat + SIGNED_CALL_TTL_SECONDS };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(statement)))
    .setProtectedHeader({ alg: "ES256", typ })
    .sign(key);
}

/** The statement's payload, when its signature (by the pinned certificate) and type verify. */
export async function verifyStatement<T>(options: {
  jws: string | undefined;
  peerCertificate: string;
  typ: string;
}): Promise<{ statement: T } | { refused: "missing" | "bad_signature" }> {
  if (!options.jws) return { refused: "missing" };
  try {
    const publicKey = new X509Certificate(options.peerCertificate).publicKey;
    const { payload, protectedHeader } = await compactVerify(options.jws, publicKey, {
      algorithms: ["ES256"],
    });
    if (protectedHeader.typ !== options.typ) return { refused: "bad_signature" };
    return { statement: JSON.parse(new TextDecoder().decode(payload)) as T };
  } catch {
    return { refused: "bad_signature" };
  }
}

/**
 * Undefined when the statement is within its time window (with skew) and its exchange id is
 * accepted for the first time; otherwise why not.
 */
export async function acceptOnce(
  statement: { iat: unknown; exp: unknown; exchangeId: unknown },
  options: { replay: ReplayCheck; now?: number },
): Promise<{ refused: "expired" | "bad_signature" | "replayed" } | undefined> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const { iat, exp, exchangeId } = statement;
  if (
    typeof exp !== "number" ||
    typeof iat !== "number" ||
    exp < now - CLOCK_SKEW_SECONDS ||
    iat > now + CLOCK_SKEW_SECONDS ||
    exp - iat > SIGNED_CALL_TTL_SECONDS
  )
    return { refused: "expired" };
  if (typeof exchangeId !== "string" || exchangeId.length > 100)
    return { refused: "bad_signature" };
  if (!(await options.replay.accept(exchangeId, exp, now))) return { refused: "replayed" };
  return undefined;
}
