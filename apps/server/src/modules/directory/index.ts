import type { ModuleManifest } from "../../core/module.ts";

export const directoryModule: ModuleManifest = {
  id: "directory",
  title: { vi: "Danh bạ cơ quan", en: "Agency directory" },
  migrations: [],
};
