import type { MessageKey, Translate } from "../i18n/index.tsx";

const KNOWN_SCOPES = ["openid", "profile", "email", "org", "roles", "offline_access", "lgsp"];

/** A scope in plain words ("họ tên, tên đăng nhập" for `profile`); unknown scopes as they are. */
export function scopeLabel(scope: string, t: Translate): string {
  return KNOWN_SCOPES.includes(scope) ? t(`scope.${scope}` as MessageKey) : scope;
}
