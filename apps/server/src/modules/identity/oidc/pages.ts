import type { KoaContextWithOIDC } from "oidc-provider";

/**
 * The few pages the provider renders itself (everything else is the web app): a sign-out
 * confirmation, its result, and errors that cannot be sent back to a client. Vietnamese first.
 */
const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

function page(title: string, body: string) {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} — Liên Thông</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f5;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;padding:32px 40px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12);max-width:440px}
h1{font-size:20px;margin:0 0 12px;color:#a8071a}p{color:#333;line-height:1.5}.en{color:#777;font-size:14px}
button{background:#a8071a;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;cursor:pointer;margin-right:8px}
button.secondary{background:#fff;color:#333;border:1px solid #ccc}
</style></head><body><main>${body}</main></body></html>`;
}

export function logoutPage(ctx: KoaContextWithOIDC, form: string) {
  const client = ctx.oidc.client?.clientName;
  return page(
    "Đăng xuất",
    `<h1>Đăng xuất khỏi Liên Thông?</h1>
<p>Bạn sẽ được đăng xuất khỏi mọi hệ thống dùng chung tài khoản này${client ? ` (kể cả ${escape(client)})` : ""}.</p>
<p class="en">Sign out of Liên Thông and of every system that uses this account?</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Đăng xuất / Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Ở lại / Stay signed in</button>`,
  );
}

export function logoutSuccessPage(ctx: KoaContextWithOIDC) {
  const client = ctx.oidc.client?.clientName;
  return page(
    "Đã đăng xuất",
    `<h1>Bạn đã đăng xuất</h1><p>Phiên đăng nhập một lần đã kết thúc${client ? ` (${escape(client)})` : ""}.</p>
<p class="en">You are signed out of Liên Thông.</p><p><a href="/">Đăng nhập lại / Sign in again</a></p>`,
  );
}

const ERROR_TEXT: Record<string, { vi: string; en: string }> = {
  invalid_request: {
    vi: "Yêu cầu đăng nhập không hợp lệ.",
    en: "The sign-in request is not valid.",
  },
  invalid_client: {
    vi: "Ứng dụng yêu cầu đăng nhập chưa được đăng ký hoặc đã bị vô hiệu hóa.",
    en: "The application asking you to sign in is not registered or is disabled.",
  },
  invalid_redirect_uri: {
    vi: "Địa chỉ quay lại của ứng dụng không khớp với địa chỉ đã đăng ký.",
    en: "The application's return address does not match the registered one.",
  },
  session_not_found: {
    vi: "Phiên đăng nhập đã hết hạn. Hãy mở lại ứng dụng và đăng nhập.",
    en: "The sign-in session expired. Open the application again and sign in.",
  },
};

export function errorPage(out: { error: string; error_description?: string }) {
  const known = ERROR_TEXT[out.error];
  const vi = known?.vi ?? "Không thể hoàn tất đăng nhập.";
  const en = known?.en ?? "The sign-in could not be completed.";
  return page(
    "Lỗi đăng nhập",
    `<h1>${escape(vi)}</h1><p class="en">${escape(en)}</p>
<p class="en"><code>${escape(out.error)}</code>${out.error_description ? ` — ${escape(out.error_description)}` : ""}</p>
<p><a href="/">Về trang chủ / Home</a></p>`,
  );
}
