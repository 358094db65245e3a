import { useQuery } from "@tanstack/react-query";
import { listRoles } from "../../api/identity.ts";
import type { Role } from "../../api/types.ts";
import { useLanguage } from "../../i18n/index.tsx";

/** Role names as the server words them, in the chosen language. */
export function useRoles() {
  const { language } = useLanguage();
  const roles = useQuery({ queryKey: ["roles"], queryFn: listRoles, staleTime: Infinity });
  const items = roles.data?.items ?? [];
  return {
    options: items.map((r) => ({ value: r.id, label: r.label[language] })),
    label: (role: Role) => items.find((r) => r.id === role)?.label[language] ?? role,
  };
}
