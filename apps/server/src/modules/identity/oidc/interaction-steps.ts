import type { FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "typebox";
import { AppError } from "../../../core/errors.ts";
import type { ModuleContext } from "../../../core/module.ts";
import type { AuthenticationResponseBody, RegistrationResponseBody } from "../mfa/schema.ts";
import type { RateLimiter } from "../rate-limit.ts";
import type { UserRow } from "../tables.ts";

/** What the sign-in interaction needs from the second-factor part of the module. */
export type SecondFactorHooks = {
  /** Whether this account must pass a second factor, and which kinds it has enrolled. */
  status(ctx: ModuleContext, user: UserRow): Promise<FactorStatus>;
  verify(ctx: ModuleContext, input: FactorInput & { code: string }): Promise<{ method: string }>;
  startEnrolment(
    ctx: ModuleContext,
    input: FactorInput,
  ): Promise<{ secret: string; otpauthUri: string; qrSvg: string }>;
  confirmEnrolment(
    ctx: ModuleContext,
    input: FactorInput & { code: string },
  ): Promise<{ recoveryCodes: string[] }>;
  /** WebAuthn options for a passkey assertion, the challenge bound to `boundTo`. */
  passkeyOptions(ctx: ModuleContext, input: FactorInput & Bound): Promise<object>;
  verifyPasskey(
    ctx: ModuleContext,
    input: FactorInput & Bound & { response: AuthenticationResponse },
  ): Promise<{ method: string }>;
  passkeyRegistrationOptions(ctx: ModuleContext, input: FactorInput & Bound): Promise<object>;
  registerPasskey(
    ctx: ModuleContext,
    input: FactorInput & Bound & { name: string; response: RegistrationResponse },
  ): Promise<{ recoveryCodes: string[] }>;
};

export type FactorStatus = {
  required: boolean;
  enrolled: boolean;
  totp: boolean;
  passkey: boolean;
  /** False when PUBLIC_URL is an IP address, which WebAuthn cannot use as its RP ID. */
  passkeysAvailable: boolean;
};
export type FactorInput = { userId: string; ip?: string; requestId?: string };
type Bound = { boundTo: string };
type AuthenticationResponse = Static<typeof AuthenticationResponseBody>;
type RegistrationResponse = Static<typeof RegistrationResponseBody>;

/**
 * RFC 8176 authentication method references: `otp` for the app's codes, `kba` for a recovery code
 * (something written down), `hwk` for a proof-of-possession key such as a passkey.
 */
export const AMR: Record<string, string> = { totp: "otp", recovery_code: "kba", passkey: "hwk" };

export const Uid = Type.Object({ uid: Type.String({ minLength: 1, maxLength: 64 }) });
export const Next = Type.Object({
  next: Type.Optional(Type.Enum(["password", "second_factor", "enrol_second_factor", "consent"])),
  redirectTo: Type.Optional(Type.String()),
});

/** A password check passed for this interaction, waiting for the second factor. */
export type PendingLogin = { userId: string; passwordAt: number };

/** What the routes of one step share with the others of the interaction. */
export type InteractionSteps = {
  ctx: ModuleContext;
  secondFactor: SecondFactorHooks;
  perIp: RateLimiter;
  /** The interaction and the account whose password passed, or `wrongStep`. */
  waitingUser(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ interaction: { uid: string; params: Record<string, unknown> }; user: UserRow }>;
  /** The second factor passed (or was enrolled): forget the pending login, end the prompt. */
  passSecondFactor(
    request: FastifyRequest,
    reply: FastifyReply,
    waiting: { interaction: { uid: string; params: Record<string, unknown> }; user: UserRow },
    amr: string[],
  ): Promise<{ redirectTo: string }>;
};

export function wrongStep() {
  return new AppError("conflict", {
    detail: {
      vi: "Bước đăng nhập này không còn hiệu lực. Hãy tải lại trang.",
      en: "This sign-in step is no longer current. Reload the page.",
    },
  });
}
