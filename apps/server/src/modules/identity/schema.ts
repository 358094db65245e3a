import { Type } from "typebox";
import { ROLES, type Role } from "../../core/actor.ts";

export const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: [...ROLES] }));

const OrgRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

export const UserSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  organization: OrgRef,
  roles: Type.Array(RoleSchema),
  status: Type.Union([Type.Literal("active"), Type.Literal("disabled")]),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const MeSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  organization: OrgRef,
  roles: Type.Array(RoleSchema),
});

export const SessionResponse = Type.Object({ user: MeSchema, csrfToken: Type.String() });

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

const Username = Type.String({
  pattern: "^[A-Za-z0-9._-]{3,64}$",
  description: "3–64 letters, digits, dot, dash, underscore",
});
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
const Email = Type.String({ format: "email", maxLength: 254 });

export const UserCreateBody = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    email: Type.Optional(Email),
    organizationId: Type.Optional(Type.String()),
    organizationCode: Type.Optional(Type.String()),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 7 }),
    password: Type.String({ maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const UserPatchBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 7 })),
    status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("disabled")])),
  },
  { additionalProperties: false },
);

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    organizationId: Type.Optional(Type.String({ format: "uuid" })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const PasswordBody = Type.Object(
  { password: Type.String({ maxLength: 256 }) },
  { additionalProperties: false },
);

export const TokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

export const NewTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const ROLE_LABELS: Record<(typeof ROLES)[number], { vi: string; en: string }> = {
  system_admin: { vi: "Quản trị hệ thống", en: "System administrator" },
  org_admin: { vi: "Quản trị đơn vị", en: "Organization administrator" },
  clerk: { vi: "Văn thư", en: "Clerk" },
  leader: { vi: "Lãnh đạo", en: "Leader" },
  specialist: { vi: "Chuyên viên", en: "Specialist" },
  reporting_officer: { vi: "Cán bộ báo cáo", en: "Reporting officer" },
  security_operator: { vi: "Vận hành an toàn thông tin", en: "Security operator" },
};
