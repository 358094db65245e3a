import { ROLES, type Actor, type Role } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import type { Bilingual } from "../../../core/errors.ts";
import { foldVietnamese } from "../../../core/text.ts";
import { canAdministerOrganization, findOrganizationByCode } from "../../directory/index.ts";
import { USERNAME } from "../account-rules.ts";
import { ROLE_LABELS } from "../schema.ts";
import { selectTakenUsernames } from "./repo.ts";

export const ACCOUNT_COLUMNS = [
  "username",
  "displayName",
  "email",
  "organizationCode",
  "roles",
] as const;

export type AccountColumn = (typeof ACCOUNT_COLUMNS)[number];

/** One account as read from a file or a form: every value still the text the person typed. */
export type AccountRowInput = { row: number } & Record<AccountColumn, string>;

/** What is wrong with one cell, for the administrator to fix in the file. */
export type RowProblem = { row: number; column: AccountColumn; code: string; message: Bilingual };

export type CheckedAccountRow = {
  row: number;
  username: string;
  displayName: string;
  email: string | null;
  organizationCode: string;
  organization: { id: string; code: string; name: string } | null;
  roles: Role[];
  errors: RowProblem[];
};

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/;
const MAX_DISPLAY_NAME = 200;

/** Roles by id, Vietnamese label or English label, accent- and case-insensitive. */
const ROLE_NAMES = new Map<string, Role>(
  ROLES.flatMap((role) => [
    [role, role],
    [foldVietnamese(ROLE_LABELS[role].vi), role],
    [foldVietnamese(ROLE_LABELS[role].en), role],
  ]),
);

const isSystemActor = (actor: Actor) =>
  actor.kind === "system" || actor.roles.includes("system_admin");

export type CheckAccountRowsOptions = { db: Db; actor: Actor; rows: AccountRowInput[] };

/**
 * Checks every row and reports every problem at once, each by row and column, so an administrator
 * fixes a file in one pass. Changes nothing.
 */
export async function checkAccountRows({
  db,
  actor,
  rows,
}: CheckAccountRowsOptions): Promise<CheckedAccountRow[]> {
  const checked = rows.map((input) => checkCells(input, actor));
  const firstRowOf = new Map<string, number>();
  for (const row of checked) {
    if (row.errors.some((e) => e.column === "username")) continue;
    const first = firstRowOf.get(row.username);
    if (first === undefined) firstRowOf.set(row.username, row.row);
    else
      row.errors.push(
        problem(row.row, "username", "duplicate_in_file", {
          vi: `Tên đăng nhập "${row.username}" đã có ở dòng ${first} của tệp.`,
          en: `The username "${row.username}" already appears in row ${first} of the file.`,
        }),
      );
  }
  const taken = await selectTakenUsernames(db, [...firstRowOf.keys()]);
  const organizations = await resolveOrganizations(db, actor, checked);
  for (const row of checked) {
    if (taken.has(row.username) && firstRowOf.get(row.username) === row.row)
      row.errors.push(
        problem(row.row, "username", "username_taken", {
          vi: `Tên đăng nhập "${row.username}" đã được dùng.`,
          en: `The username "${row.username}" is taken.`,
        }),
      );
    if (!row.organizationCode) continue;
    const found = organizations.get(row.organizationCode);
    if (!found) {
      row.errors.push(
        problem(row.row, "organizationCode", "unknown_organization", {
          vi: `Không có cơ quan nào đang hoạt động mang mã định danh "${row.organizationCode}".`,
          en: `No active organization holds the agency code "${row.organizationCode}".`,
        }),
      );
      continue;
    }
    row.organization = found.organization;
    if (!found.administrable)
      row.errors.push(
        problem(row.row, "organizationCode", "organization_out_of_scope", {
          vi: `Cơ quan "${found.organization.name}" nằm ngoài phạm vi anh/chị quản trị.`,
          en: `The organization "${found.organization.name}" is outside the scope you administer.`,
        }),
      );
  }
  return checked;
}

function problem(row: number, column: AccountColumn, code: string, message: Bilingual) {
  return { row, column, code, message };
}

function checkCells(input: AccountRowInput, actor: Actor): CheckedAccountRow {
  const errors: RowProblem[] = [];
  const add = (column: AccountColumn, code: string, message: Bilingual) =>
    errors.push(problem(input.row, column, code, message));
  const required = (column: AccountColumn, vi: string, en: string) =>
    add(column, "required", { vi: `Thiếu ${vi}.`, en: `The ${en} is missing.` });

  const username = input.username.trim().toLowerCase();
  if (!username) required("username", "tên đăng nhập", "username");
  else if (!USERNAME.test(username))
    add("username", "invalid_username", {
      vi: `Tên đăng nhập "${username}" không hợp lệ: cần 3–64 chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.`,
      en: `The username "${username}" is not valid: use 3–64 lowercase letters without accents, digits, dots, dashes or underscores.`,
    });

  const displayName = input.displayName.trim().replace(/\s+/g, " ");
  if (!displayName) required("displayName", "họ và tên", "display name");
  else if (displayName.length > MAX_DISPLAY_NAME)
    add("displayName", "too_long", {
      vi: `Họ và tên dài quá ${MAX_DISPLAY_NAME} ký tự.`,
      en: `The display name is longer than ${MAX_DISPLAY_NAME} characters.`,
    });

  const email = input.email.trim();
  if (email && (email.length > 254 || !EMAIL.test(email)))
    add("email", "invalid_email", {
      vi: `Địa chỉ thư điện tử "${email}" không hợp lệ.`,
      en: `The e-mail address "${email}" is not valid.`,
    });

  const organizationCode = input.organizationCode.trim().toUpperCase();
  if (!organizationCode) required("organizationCode", "mã định danh cơ quan", "agency code");

  const roles: Role[] = [];
  const names = input.roles
    .split(/[,;\n]/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) required("roles", "vai trò", "role");
  for (const name of names) {
    const role = ROLE_NAMES.get(foldVietnamese(name)) ?? ROLE_NAMES.get(name.toLowerCase());
    if (!role)
      add("roles", "unknown_role", {
        vi: `Không có vai trò "${name}". Các vai trò: ${ROLES.join(", ")}.`,
        en: `There is no role "${name}". The roles are: ${ROLES.join(", ")}.`,
      });
    else if (role === "system_admin" && !isSystemActor(actor))
      add("roles", "role_not_grantable", {
        vi: "Chỉ quản trị hệ thống mới được cấp vai trò quản trị hệ thống.",
        en: "Only system administrators may grant the system administrator role.",
      });
    else if (!roles.includes(role)) roles.push(role);
  }

  return {
    row: input.row,
    username,
    displayName,
    email: email || null,
    organizationCode,
    organization: null,
    roles,
    errors,
  };
}

type ResolvedOrganization = {
  organization: { id: string; code: string; name: string };
  administrable: boolean;
};

/** Each distinct code is looked up once, however many rows name it. */
async function resolveOrganizations(db: Db, actor: Actor, rows: CheckedAccountRow[]) {
  const resolved = new Map<string, ResolvedOrganization>();
  const codes = new Set(rows.map((row) => row.organizationCode).filter(Boolean));
  for (const code of codes) {
    const organization = await findOrganizationByCode({ db, code });
    if (!organization) continue;
    resolved.set(code, {
      organization: { id: organization.id, code: organization.code, name: organization.name },
      administrable: await canAdministerOrganization({
        db,
        actor,
        organizationId: organization.id,
      }),
    });
  }
  return resolved;
}
