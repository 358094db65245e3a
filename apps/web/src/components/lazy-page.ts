import { lazy, type ComponentType } from "react";

const RELOADED = "lienthong.reloadedForNewVersion";

/**
 * A page loaded when first shown. When its file is no longer served — the platform was upgraded
 * while this tab was open, and the new build names its files differently — the tab loads the new
 * version once instead of failing; a second failure in a row is a real error and is shown.
 */
export function lazyPage<T extends ComponentType>(load: () => Promise<{ default: T }>) {
  return lazy(() =>
    load().then(
      (module) => {
        sessionStorage.removeItem(RELOADED);
        return module;
      },
      (error: unknown) => {
        if (sessionStorage.getItem(RELOADED)) throw error;
        sessionStorage.setItem(RELOADED, "1");
        window.location.reload();
        return new Promise<never>(() => {});
      },
    ),
  );
}
