import { Type } from "typebox";

const code = (
  description = "6-digit code from the authenticator app, or a recovery code such as abcd-efgh-jk",
) => Type.String({ minLength: 6, maxLength: 32, description });

export const SecondFactorStatusSchema = Type.Object({
  totp: Type.Boolean({ description: "An authenticator app is enrolled and confirmed" }),
  recoveryCodesLeft: Type.Integer({ minimum: 0 }),
  required: Type.Boolean({ description: "The role or an organization policy requires it" }),
});

export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String({ description: "Base32 secret, for typing into the app by hand" }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: "The otpauth URI as a QR code, SVG markup" }),
});

export const ConfirmTotpBody = Type.Object(
  {
    code: code("6-digit code from the newly added app"),
    currentCode: Type.Optional(
      code("When replacing an app: a code from the old app, or a recovery code"),
    ),
  },
  { additionalProperties: false },
);

export const CurrentCodeBody = Type.Object({ code: code() }, { additionalProperties: false });

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
