import { Type } from "typebox";
import { RoleSchema, UserSchema } from "../schema.ts";
import { ACCOUNT_COLUMNS } from "./account-rows.ts";

const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });

export const TokenParams = Type.Object({ token: Type.String({ maxLength: 128 }) });

export const LinkDescriptionSchema = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  organization: Type.Object({ code: Type.String(), name: Type.String() }),
  expiresAt: Type.String(),
  passwordPolicy: Type.Object({ minLength: Type.Integer(), maxLength: Type.Integer() }),
});

export const SetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const IssuedLinkSchema = Type.Object({
  url: Type.String({ description: "Shown once; only its SHA-256 is stored" }),
  expiresAt: Type.String(),
  mailQueuedTo: Type.Union([Type.String(), Type.Null()], {
    description: "The address the link is being mailed to, or null when it is not mailed",
  }),
});

export const InvitationBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: "email", maxLength: 254 })),
    organizationId: Type.Optional(Type.String({ format: "uuid" })),
    organizationCode: Type.Optional(Type.String({ maxLength: 64 })),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 7 }),
  },
  { additionalProperties: false },
);

export const InvitationSchema = Type.Object({ user: UserSchema, link: IssuedLinkSchema });

const Column = Type.Union(ACCOUNT_COLUMNS.map((c) => Type.Literal(c)));

const RowProblemSchema = Type.Object({
  row: Type.Integer({ description: "Row number as the spreadsheet shows it (header is row 1)" }),
  column: Column,
  code: Type.String(),
  message: Bilingual,
});

export const ImportPreviewSchema = Type.Object({
  rowCount: Type.Integer(),
  errorCount: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      username: Type.String(),
      displayName: Type.String(),
      email: Type.Union([Type.String(), Type.Null()]),
      organizationCode: Type.String(),
      organization: Type.Union([
        Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
        Type.Null(),
      ]),
      roles: Type.Array(RoleSchema),
      errors: Type.Array(RowProblemSchema),
    }),
  ),
});

export const ImportResultSchema = Type.Object({
  importId: Type.String(),
  created: Type.Array(
    Type.Object({ row: Type.Integer(), user: UserSchema, link: IssuedLinkSchema }),
  ),
});
