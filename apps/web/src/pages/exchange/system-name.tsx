import { useQuery } from "@tanstack/react-query";
import { fetchSystem } from "../../api/directory.ts";

/**
 * Access requests and rights carry only the consumer system's id; its name and code come from the
 * directory (cached, so a table with many rows of one system asks once).
 */
export function SystemName({ id }: { id: string }) {
  const system = useQuery({
    queryKey: ["system", id],
    queryFn: () => fetchSystem(id),
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (!system.data) return <code>{id.slice(0, 8)}</code>;
  return (
    <>
      {system.data.name} ({system.data.code})
    </>
  );
}
