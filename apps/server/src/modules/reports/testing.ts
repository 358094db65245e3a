import type { Category } from "./template.ts";

/** The sex disaggregation every test template uses (options `nam`, `nu`). */
export const SEX: Category = {
  code: "GIOI_TINH",
  name: "Giới tính",
  options: [
    { code: "nam", name: "Nam" },
    { code: "nu", name: "Nữ" },
  ],
};
