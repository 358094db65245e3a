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
import { insertUser, selectUserById, selectUserByUsername, selectUsers } from "./repo.ts";
import type { UserRow } from "./tables.ts";

import { checkGrantable, notFound, requireAdministrable, USERNAME } from "./account-rules.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";

export type { RequestMeta };

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

const isUsernameKey = (key: unknown): key is [string] =>
  Array.isArray(key) && key.length === 1 && typeof key[0] === "string";

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
  const after = cursor ? decodeCursor(cursor, isUsernameKey)[0] : undefined;
  const rows = await selectUsers(db, {
    words: q ? searchTerms(q) : [],
    organizationIds,
    afterUsername: after,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (row) => [row.username]);
  return { ...page, items: await Promise.all(page.items.map((row) => presentUser(db, row))) };
}
