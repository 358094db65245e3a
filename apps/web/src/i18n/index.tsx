import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { setApiLanguage } from "../api/client.ts";
import { en } from "./en.ts";
import { vi, type MessageKey } from "./vi.ts";

export type Language = "vi" | "en";
export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const STORAGE_KEY = "lienthong.language";
const catalogs: Record<Language, Record<MessageKey, string>> = { vi, en };

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

type LanguageState = { language: Language; setLanguage: (language: Language) => void };

const LanguageContext = createContext<LanguageState | null>(null);

function applyLanguage(language: Language) {
  setApiLanguage(language);
  document.documentElement.lang = language;
}

/** Vietnamese unless the person picked English before (remembered in localStorage). */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(() => {
    const initial = storedLanguage();
    applyLanguage(initial);
    return initial;
  });
  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
    applyLanguage(next);
    setState(next);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error("useLanguage needs a LanguageProvider");
  return state;
}

/** Returns `t(key, params)`: the message in the chosen language, `{name}` replaced by `params.name`. */
export function useT(): Translate {
  const { language } = useLanguage();
  return useCallback<Translate>(
    (key, params) => {
      const template = catalogs[language][key];
      if (!params) return template;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in params ? String(params[name]) : whole,
      );
    },
    [language],
  );
}
