import type { IncomingMessage } from "node:http";
import { AppError } from "../../core/errors.ts";
import type { ModuleContext } from "../../core/module.ts";
import { signPlatformAssertion } from "../identity/index.ts";

/** Who the end user is, as the consumer names them (a CCCD, an account, an e-mail…). */
const END_USER = /^[\p{L}\p{N} ._:@/+-]{1,200}$/u;
/** Lifetime of the signed end-user statement handed to the provider. */
const END_USER_TTL_SECONDS = 120;
export const END_USER_HEADER = "x-lgsp-end-user";

/** The end user a consumer names in `x-lgsp-end-user`, checked; undefined when not named. */
export function endUserOf(req: IncomingMessage): string | undefined {
  const raw = req.headers[END_USER_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return checkedEndUser(value, `header.${END_USER_HEADER}`);
}

/** The end user as given (a header, or a peer's signed statement), refused when malformed. */
export function checkedEndUser(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !END_USER.test(value))
    throw new AppError("validation_failed", {
      errors: [{ path, message: "1–200 ký tự / 1–200 characters" }],
    });
  return value;
}

/**
 * The statement the provider receives in `x-lgsp-end-user`: the end user (`sub`), vouched for by
 * this platform (its issuer and key, checkable with its JWKS), acting through the consumer client
 * (`act.sub`) for one exchange. A call that came through a federation peer names the peer too.
 */
export function endUserAssertion(
  ctx: ModuleContext,
  claims: {
    endUser: string;
    provider: { orgCode: string; systemCode: string };
    consumerClient: string;
    consumerSystemId: string | null;
    exchangeId: string;
    federationPeer?: string;
  },
): string | undefined {
  return signPlatformAssertion(
    ctx,
    {
      sub: claims.endUser,
      aud: `${claims.provider.orgCode}/${claims.provider.systemCode}`,
      act: { sub: claims.consumerClient },
      consumer_system: claims.consumerSystemId,
      exchange_id: claims.exchangeId,
      ...(claims.federationPeer ? { federation_peer: claims.federationPeer } : {}),
    },
    { type: "lgsp-end-user+jwt", ttlSeconds: END_USER_TTL_SECONDS },
  );
}
