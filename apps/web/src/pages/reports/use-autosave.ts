import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { saveReport, type ReportView, type ValueInput } from "../../api/reports.ts";
import { cellKey } from "./combinations.ts";

export type SaveState = "idle" | "saving" | "saved" | "failed";
type SaveBody = { values?: ValueInput[]; narrative?: Record<string, string> };

/** The error map's key of a narrative section (cells use `cellKey`). */
export const narrativeKey = (code: string) => `narrative|${code}`;

/** The keys of what a save sent, in the order of its `values`, then its narrative sections. */
function sentKeys(body: SaveBody) {
  const values = (body.values ?? []).map((v) => cellKey(v.indicator, v.combination));
  const narrative = Object.keys(body.narrative ?? {}).map(narrativeKey);
  return { values, all: [...values, ...narrative] };
}

/**
 * Saves what was just edited (on blur) and keeps the server's reason for each refused value next
 * to its cell: a refused save stores nothing, and its `/values/i` errors name the i-th value sent.
 */
export function useAutosave(reportId: string) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<SaveState>("idle");
  const [problem, setProblem] = useState<unknown>(null);
  const inFlight = useRef(0);

  const save = useCallback(
    async (body: SaveBody) => {
      const keys = sentKeys(body);
      inFlight.current += 1;
      setState("saving");
      let failed = false;
      const found: Record<string, string> = {};
      try {
        const view = await saveReport(reportId, body);
        queryClient.setQueryData<ReportView>(["report", reportId], view);
        setProblem(null);
      } catch (error) {
        failed = true;
        if (error instanceof ApiError) {
          for (const e of error.errors) {
            const match = /^\/values\/(\d+)/.exec(e.path);
            const key = match ? keys.values[Number(match[1])] : undefined;
            const section = /^\/narrative\/(\w+)/.exec(e.path)?.[1];
            if (key) found[key] = e.message;
            else if (section) found[narrativeKey(section)] = e.message;
          }
        }
        setProblem(Object.keys(found).length > 0 ? null : error);
      } finally {
        setErrors((current) => {
          const next = { ...current };
          for (const key of keys.all) delete next[key];
          return { ...next, ...found };
        });
        inFlight.current -= 1;
        if (inFlight.current === 0) setState(failed ? "failed" : "saved");
      }
    },
    [queryClient, reportId],
  );

  return { save, errors, state, problem };
}
