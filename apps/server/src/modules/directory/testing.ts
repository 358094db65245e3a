import { randomInt } from "node:crypto";
import type { Actor, Role } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { newId } from "../../core/ids.ts";
import { createOrganization } from "./organization-changes.ts";
import type {
  InformationSystem,
  InformationSystemInput,
  Organization,
  OrganizationInput,
} from "./schema.ts";
import { createInformationSystem } from "./systems.ts";

/** Test factories for the directory; other modules' tests may use them too. */

const two = () => String(randomInt(100)).padStart(2, "0");

/** A well-formed agency code that no demo organization uses (level-1 letter `T`). */
export function testAgencyCode(): string {
  return `${String(randomInt(1000)).padStart(3, "0")}.${two()}.${two()}.T${two()}`;
}

export function buildOrganizationInput(
  overrides: Partial<OrganizationInput> = {},
): OrganizationInput {
  const code = overrides.code ?? testAgencyCode();
  return {
    code,
    name: `Cơ quan thử nghiệm ${code}`,
    shortName: "CQTN",
    kind: "other",
    ...overrides,
  };
}

/** The platform itself, as seeds and the local CLI act. */
export const systemActor: Actor = { kind: "system", name: "test" };

export function userActor(options: {
  organizationId: string;
  roles: Role[];
  username?: string;
}): Actor {
  const username = options.username ?? `user-${randomInt(1_000_000)}`;
  return {
    kind: "user",
    userId: newId(),
    username,
    displayName: username,
    organizationId: options.organizationId,
    roles: options.roles,
    via: "token",
  };
}

export async function createTestOrganization(
  db: Db,
  overrides: Partial<OrganizationInput> = {},
): Promise<Organization> {
  return createOrganization({ db, actor: systemActor, input: buildOrganizationInput(overrides) });
}

/** A registered information system of an organization, e.g. to link an SSO client to. */
export async function createTestInformationSystem(
  db: Db,
  organizationId: string,
  overrides: Partial<InformationSystemInput> = {},
): Promise<InformationSystem> {
  return createInformationSystem({
    db,
    actor: systemActor,
    input: {
      organizationId,
      code: `SYS-${randomInt(1_000_000)}`,
      name: "Hệ thống thử nghiệm",
      purpose: "Kiểm thử",
      owner: "Văn phòng",
      securityLevel: 2,
      hosting: "on_premises",
      status: "operating",
      ...overrides,
    },
  });
}
