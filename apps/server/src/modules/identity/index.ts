import type { ModuleManifest } from "../../core/module.ts";

export const identityModule: ModuleManifest = {
  id: "identity",
  title: { vi: "Tài khoản", en: "Accounts" },
  migrations: [],
};

/** The demo administrator's sign-in, printed by `lienthong start`; undefined when none was seeded. */
export function demoAdminSignIn(_config: import("../../core/config.ts").Config): { username: string; password: string } | undefined {
  return undefined;
}
