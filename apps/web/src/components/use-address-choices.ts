import { useCallback } from "react";
import { useSearchParams } from "react-router";

/** New values for some address parameters; an empty or missing value removes the parameter. */
export type AddressChanges = Record<string, string | undefined>;

export type ChooseInAddress = (changes: AddressChanges, options?: { replace?: boolean }) => void;

/**
 * A page's choices kept in the address, so a view can be bookmarked and sent, and a way to change
 * some of them while keeping the others.
 *
 * Changes merge into the address the browser shows now, not the one the page last rendered: the
 * router renders a new address in a transition, so two quick choices (pick a regime, then type a
 * period) would otherwise both start from the old address and the second would drop the first.
 * History entries are replaced unless `replace: false` is asked for.
 */
export function useAddressChoices(): [URLSearchParams, ChooseInAddress] {
  const [params, setParams] = useSearchParams();
  const choose = useCallback<ChooseInAddress>(
    (changes, { replace = true } = {}) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes))
        if (value) next.set(key, value);
        else next.delete(key);
      setParams(next, { replace });
    },
    [setParams],
  );
  return [params, choose];
}
