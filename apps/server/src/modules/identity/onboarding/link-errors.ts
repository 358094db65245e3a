import { AppError } from "../../../core/errors.ts";

/** Why a set-password link cannot be used, named in the problem body as `reason`. */
export type UnusableReason = "unknown" | "used" | "superseded" | "expired" | "account_disabled";

export const vietnamTime = (at: Date, locale: string) =>
  at.toLocaleString(locale, {
    timeZone: "Asia/Ho_Chi_Minh",
    hour: "2-digit",
    minute: "2-digit",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  });

/** One clear sentence per reason, so the person knows whether to look for a newer link or ask. */
export function unusableLink(reason: UnusableReason, expiredAt?: Date): AppError {
  const ask = {
    vi: "Đề nghị quản trị viên cấp liên kết mới.",
    en: "Ask an administrator for a new link.",
  };
  const detail = {
    unknown: {
      vi: `Liên kết đặt mật khẩu không đúng. Hãy kiểm tra lại đường dẫn hoặc ${ask.vi.toLowerCase()}`,
      en: `This set-password link is not valid. Check the address, or ${ask.en.toLowerCase()}`,
    },
    used: {
      vi: `Liên kết này đã được dùng để đặt mật khẩu; mỗi liên kết chỉ dùng được một lần. Nếu quên mật khẩu, ${ask.vi.toLowerCase()}`,
      en: `This link has already been used to set a password; each link works once. If you forgot the password, ${ask.en.toLowerCase()}`,
    },
    superseded: {
      vi: "Liên kết này đã được thay bằng một liên kết mới hơn. Hãy dùng liên kết nhận được sau cùng.",
      en: "This link was replaced by a newer one. Use the most recent link you received.",
    },
    expired: {
      vi: `Liên kết này đã hết hạn${expiredAt ? ` lúc ${vietnamTime(expiredAt, "vi-VN")}` : ""}. ${ask.vi}`,
      en: `This link expired${expiredAt ? ` on ${vietnamTime(expiredAt, "en-GB")} (Vietnam time)` : ""}. ${ask.en}`,
    },
    account_disabled: {
      vi: "Tài khoản này đã bị vô hiệu hóa. Liên hệ quản trị viên.",
      en: "This account is disabled. Contact an administrator.",
    },
  }[reason];
  return new AppError("not_found", { detail, extra: { reason } });
}
