import { requireActor, type Actor, type Role } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUuid, newId } from "../../core/ids.ts";
import { foldVietnamese, searchTerms } from "../../core/text.ts";
import {
  canAdministerOrganization,
  findOrganizationByCode,
  getOrganization,
  organizationSubtreeIds,
  type Organization,
} from "../directory/index.ts";
import { checkPasswordPolicy, hashPassword } from "./passwords.ts";
import {
  deleteSessionsOfUser,
  insertUser,
  selectUserById,
  selectUserByUsername,
  selectUsers,
  updateUserRow,
} from "./repo.ts";
import type { UserRow } from "./tables.ts";

export type RequestMeta = { ip?: string; requestId?: string };

export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  organization: { id: string; code: string; name: string };
  roles: Role[];
  status: "active" | "disabled";
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
};

export async function presentUser(
  db: Db,
  row: UserRow,
  organization?: Organization,
): Promise<User> {
  const org = organization ?? (await getOrganization({ db, id: row.organization_id }));
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    organization: { id: row.organization_id, code: org?.code ?? "", name: org?.name ?? "" },
    roles: row.roles,
    status: row.status,
    lockedUntil:
      row.locked_until && row.locked_until > new Date() ? row.locked_until.toISOString() : null,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

const USERNAME = /^[a-z0-9._-]{3,64}$/;

const notFound = () =>
  new AppError("not_found", {
    detail: { vi: "Không tìm thấy tài khoản.", en: "No such account." },
  });

/** Only a system administrator (or the platform itself) may hand out the system administrator role. */
function checkGrantable(actor: Actor, roles: Role[]) {
  const isSystem = actor.kind === "system" || actor.roles.includes("system_admin");
  if (roles.includes("system_admin") && !isSystem) {
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị hệ thống mới được cấp vai trò quản trị hệ thống.",
        en: "Only system administrators may grant the system administrator role.",
      },
    });
  }
}

async function requireAdministrable(
  db: Db,
  actor: Actor | null | undefined,
  organizationId: string,
) {
  const known = requireActor(actor);
  if (!(await canAdministerOrganization({ db, actor: known, organizationId })))
    throw new AppError("forbidden");
  return known;
}

export type CreateUserInput = {
  username: string;
  displayName: string;
  email?: string;
  organizationId?: string;
  organizationCode?: string;
  roles: Role[];
  password: string;
};

export type CreateUserOptions = {
  db: Db;
  actor: Actor | null | undefined;
  input: CreateUserInput;
  meta?: RequestMeta;
  /** The demo seed passes false: the operator chose DEMO_ADMIN_PASSWORD, and it may contain "admin". */
  enforcePasswordPolicy?: boolean;
};

/** Creates an account in an organization the actor administers — also for staff of other agencies. */
export async function createUser({
  db,
  actor,
  input,
  meta = {},
  enforcePasswordPolicy = true,
}: CreateUserOptions): Promise<User> {
  requireActor(actor);
  const organization = input.organizationId
    ? isUuid(input.organizationId)
      ? await getOrganization({ db, id: input.organizationId })
      : undefined
    : input.organizationCode
      ? await findOrganizationByCode({ db, code: input.organizationCode })
      : undefined;
  if (!organization) {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Không tìm thấy cơ quan của tài khoản.",
        en: "The account's organization does not exist.",
      },
      errors: [
        {
          path: input.organizationId ? "body.organizationId" : "body.organizationCode",
          message: "unknown organization",
        },
      ],
    });
  }
  const known = await requireAdministrable(db, actor, organization.id);
  checkGrantable(known, input.roles);
  const username = input.username.toLowerCase();
  if (!USERNAME.test(username)) {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Tên đăng nhập gồm 3–64 chữ thường, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.",
        en: "A username has 3–64 lowercase letters, digits, dots, dashes or underscores.",
      },
      errors: [{ path: "body.username", message: "invalid username" }],
    });
  }
  if (enforcePasswordPolicy) checkPasswordPolicy(input.password, username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await selectUserByUsername(trx, username)) {
      throw new AppError("conflict", {
        detail: {
          vi: `Tên đăng nhập "${username}" đã được dùng.`,
          en: `The username "${username}" is taken.`,
        },
      });
    }
    const row = await insertUser(trx, {
      id: newId(),
      username,
      display_name: input.displayName,
      email: input.email ?? null,
      organization_id: organization.id,
      roles: [...new Set(input.roles)],
      password_hash: passwordHash,
      search_text: foldVietnamese(`${username} ${input.displayName} ${input.email ?? ""}`),
    });
    await recordAudit(trx, {
      action: "identity.user_created",
      actor: known,
      organizationId: organization.id,
      targetType: "user",
      targetId: row.id,
      details: { username, roles: row.roles },
      ...meta,
    });
    return presentUser(trx, row, organization);
  });
}

export async function getUser({
  db,
  actor,
  id,
}: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
}): Promise<User> {
  const known = requireActor(actor);
  const row = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!row) throw notFound();
  const self = known.kind === "user" && known.userId === row.id;
  if (
    !self &&
    !(await canAdministerOrganization({ db, actor: known, organizationId: row.organization_id }))
  )
    throw notFound();
  return presentUser(db, row);
}

export type ListUsersOptions = {
  db: Db;
  actor: Actor | null | undefined;
  q?: string;
  organizationId?: string;
  cursor?: string;
  limit: number;
};

/** System administrators see everyone; organization administrators their organization's subtree. */
export async function listUsers({ db, actor, q, organizationId, cursor, limit }: ListUsersOptions) {
  const known = requireActor(actor);
  const isSystem = known.kind === "system" || known.roles.includes("system_admin");
  if (!isSystem && !known.roles.includes("org_admin")) throw new AppError("forbidden");
  let organizationIds: string[] | undefined;
  if (!isSystem && known.kind === "user")
    organizationIds = await organizationSubtreeIds({ db, organizationId: known.organizationId });
  if (organizationId)
    organizationIds = organizationIds
      ? organizationIds.filter((id) => id === organizationId)
      : [organizationId];
  if (organizationIds?.length === 0) return { items: [], nextCursor: null };
  const after = cursor ? Buffer.from(cursor, "base64url").toString("utf8") : undefined;
  const rows = await selectUsers(db, {
    words: q ? searchTerms(q) : [],
    organizationIds,
    afterUsername: after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await Promise.all(page.map((row) => presentUser(db, row))),
    nextCursor:
      rows.length > limit && last ? Buffer.from(last.username).toString("base64url") : null,
  };
}

export type UpdateUserInput = {
  displayName?: string;
  email?: string | null;
  roles?: Role[];
  status?: "active" | "disabled";
};

export async function updateUser({
  db,
  actor,
  id,
  input,
  meta = {},
}: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  input: UpdateUserInput;
  meta?: RequestMeta;
}): Promise<User> {
  requireActor(actor);
  const row = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!row) throw notFound();
  const known = await requireAdministrable(db, actor, row.organization_id);
  if (input.roles) checkGrantable(known, input.roles);
  if (known.kind === "user" && known.userId === row.id && input.status === "disabled") {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Không thể tự khóa tài khoản của mình.",
        en: "You cannot disable your own account.",
      },
    });
  }
  return db.transaction().execute(async (trx) => {
    const displayName = input.displayName ?? row.display_name;
    const email = input.email === undefined ? row.email : input.email;
    const updated = await updateUserRow(trx, row.id, {
      display_name: displayName,
      email,
      ...(input.roles ? { roles: [...new Set(input.roles)] } : {}),
      ...(input.status ? { status: input.status } : {}),
      search_text: foldVietnamese(`${row.username} ${displayName} ${email ?? ""}`),
    });
    if (input.status === "disabled") await deleteSessionsOfUser(trx, row.id);
    const base = {
      actor: known,
      organizationId: row.organization_id,
      targetType: "user",
      targetId: row.id,
      ...meta,
    };
    if (
      input.roles &&
      JSON.stringify([...row.roles].sort()) !== JSON.stringify([...updated.roles].sort())
    ) {
      await recordAudit(trx, {
        ...base,
        action: "identity.roles_changed",
        details: { from: row.roles, to: updated.roles },
      });
    }
    if (input.status && input.status !== row.status) {
      await recordAudit(trx, {
        ...base,
        action: input.status === "disabled" ? "identity.user_disabled" : "identity.user_enabled",
      });
    }
    if (input.displayName !== undefined || input.email !== undefined) {
      await recordAudit(trx, {
        ...base,
        action: "identity.user_updated",
        details: { fields: Object.keys(input).filter((k) => k !== "roles" && k !== "status") },
      });
    }
    return presentUser(trx, updated);
  });
}

/** An administrator sets a new password; the person's sessions end and any lockout is lifted. */
export async function setUserPassword({
  db,
  actor,
  id,
  password,
  meta = {},
}: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  password: string;
  meta?: RequestMeta;
}) {
  requireActor(actor);
  const row = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!row) throw notFound();
  const known = await requireAdministrable(db, actor, row.organization_id);
  checkPasswordPolicy(password, row.username);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, {
      password_hash: hash,
      failed_attempts: 0,
      locked_until: null,
    });
    await deleteSessionsOfUser(trx, row.id);
    await recordAudit(trx, {
      action: "identity.password_reset",
      actor: known,
      organizationId: row.organization_id,
      targetType: "user",
      targetId: row.id,
      ...meta,
    });
  });
}

export async function unlockUser({
  db,
  actor,
  id,
  meta = {},
}: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  meta?: RequestMeta;
}) {
  requireActor(actor);
  const row = isUuid(id) ? await selectUserById(db, id) : undefined;
  if (!row) throw notFound();
  const known = await requireAdministrable(db, actor, row.organization_id);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, { failed_attempts: 0, locked_until: null });
    await recordAudit(trx, {
      action: "identity.user_unlocked",
      actor: known,
      organizationId: row.organization_id,
      targetType: "user",
      targetId: row.id,
      ...meta,
    });
  });
}
