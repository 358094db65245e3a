import { Type } from "typebox";

const code = (
  description = "6-digit code from the authenticator app, or a recovery code such as abcd-efgh-jk",
) => Type.String({ minLength: 6, maxLength: 32, description });

export const SecondFactorStatusSchema = Type.Object({
  totp: Type.Boolean({ description: "An authenticator app is enrolled and confirmed" }),
  passkeys: Type.Integer({ minimum: 0, description: "Registered passkeys and security keys" }),
  recoveryCodesLeft: Type.Integer({ minimum: 0 }),
  required: Type.Boolean({ description: "The role or an organization policy requires it" }),
});

export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String({ description: "Base32 secret, for typing into the app by hand" }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: "The otpauth URI as a QR code, SVG markup" }),
});

const b64url = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]+$" });

const attachment = Type.Union([Type.Literal("platform"), Type.Literal("cross-platform")]);

/** What `navigator.credentials.get()` answered, as @simplewebauthn/browser serializes it. */
export const AuthenticationResponseBody = Type.Object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: Type.Literal("public-key"),
  response: Type.Object({
    clientDataJSON: b64url(4000),
    authenticatorData: b64url(4000),
    signature: b64url(2000),
    userHandle: Type.Optional(Type.String({ maxLength: 200 })),
  }),
  authenticatorAttachment: Type.Optional(attachment),
  clientExtensionResults: Type.Object({}),
});

/** What `navigator.credentials.create()` answered, as @simplewebauthn/browser serializes it. */
export const RegistrationResponseBody = Type.Object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: Type.Literal("public-key"),
  response: Type.Object({
    clientDataJSON: b64url(4000),
    attestationObject: b64url(16000),
    authenticatorData: Type.Optional(b64url(8000)),
    transports: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(b64url(8000)),
  }),
  authenticatorAttachment: Type.Optional(attachment),
  clientExtensionResults: Type.Object({}),
});

/**
 * Proof of a second factor the account already has, asked before a change to the second factor
 * itself: a current code or recovery code, or an assertion from one of its passkeys.
 */
const currentFactor = {
  code: Type.Optional(code()),
  passkey: Type.Optional(AuthenticationResponseBody),
};

export const ConfirmTotpBody = Type.Object(
  {
    code: code("6-digit code from the newly added app"),
    currentCode: Type.Optional(
      code("When the account has a second factor: a current code, or a recovery code"),
    ),
    currentPasskey: Type.Optional(AuthenticationResponseBody),
  },
  { additionalProperties: false },
);

export const CurrentCodeBody = Type.Object(currentFactor, {
  additionalProperties: false,
  minProperties: 1,
});

export const PasskeyName = Type.String({ minLength: 1, maxLength: 64 });

export const PasskeySchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  lastUsedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  backedUp: Type.Boolean({ description: "Synced between devices (a passkey), not one device" }),
});

export const PasskeyListSchema = Type.Object({
  items: Type.Array(PasskeySchema),
  available: Type.Boolean({ description: "False when PUBLIC_URL is an IP address" }),
});

export const RegisterPasskeyBody = Type.Object(
  { name: PasskeyName, response: RegistrationResponseBody, ...currentFactor },
  { additionalProperties: false },
);

export const RegisteredPasskeySchema = Type.Object({
  passkey: PasskeySchema,
  recoveryCodes: Type.Optional(
    Type.Array(Type.String(), { description: "Only with the account's first second factor" }),
  ),
});

export const RenamePasskeyBody = Type.Object(
  { name: PasskeyName },
  { additionalProperties: false },
);

/** WebAuthn options for the browser (`PublicKeyCredential*OptionsJSON`), passed on untouched. */
export const CeremonyOptionsSchema = Type.Object(
  { challenge: Type.String() },
  { additionalProperties: true },
);

export const RecoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: "Shown once; store them safely" }),
});

export const PolicySchema = Type.Object({
  organizationId: Type.String({ format: "uuid" }),
  required: Type.Boolean({ description: "This organization's own setting" }),
  inheritedFrom: Type.Union([Type.String(), Type.Null()], {
    description: "The nearest organization above that requires a second factor",
  }),
  setBy: Type.Union([Type.String(), Type.Null()]),
  setAt: Type.Union([Type.String(), Type.Null()]),
});

export const PolicyBody = Type.Object(
  { required: Type.Boolean() },
  { additionalProperties: false },
);
