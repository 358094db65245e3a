import { Select } from "antd";
import { useLanguage, useT, type Language } from "../i18n/index.tsx";

/** Tiếng Việt / English; each name is written in its own language. */
export function LanguageSwitch() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  return (
    <Select<Language>
      aria-label={t("language.label")}
      value={language}
      onChange={setLanguage}
      style={{ width: 130 }}
      options={[
        { value: "vi", label: t("language.vi") },
        { value: "en", label: t("language.en") },
      ]}
    />
  );
}
