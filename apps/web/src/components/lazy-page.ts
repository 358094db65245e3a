import { lazy, type ComponentType } from "react";

const RELOADED = "lienthong.reloadedForNewVersion";

/**
 * The tab's note that it reloaded for a new version, or `undefined` when the browser keeps no
 * session storage (turned off, or refused): then the tab cannot tell a second failure from a
 * first, so it does not reload at all.
 */
const note = {
  read(): string | null | undefined {
    try {
      return window.sessionStorage.getItem(RELOADED);
    } catch {
      return undefined;
    }
  },
  write(value: string | null): void {
    try {
      if (value === null) window.sessionStorage.removeItem(RELOADED);
      else window.sessionStorage.setItem(RELOADED, value);
    } catch {
      // No session storage: nothing to remember.
    }
  },
};

/**
 * A page loaded when first shown. When its file is no longer served — the platform was upgraded
 * while this tab was open, and the new build names its files differently — the tab loads the new
 * version once instead of failing; a second failure in a row is a real error and is shown.
 */
export function lazyPage<T extends ComponentType>(load: () => Promise<{ default: T }>) {
  return lazy(() =>
    load().then(
      (module) => {
        note.write(null);
        return module;
      },
      (error: unknown) => {
        if (note.read() !== null) throw error;
        note.write("1");
        window.location.reload();
        return new Promise<never>(() => {});
      },
    ),
  );
}
