// Ứng dụng mẫu đăng nhập một lần (SSO) qua Liên Thông / an example app that signs people in with
// Liên Thông's OpenID Connect provider. Plain Node, no framework: everything a real system of the
// ministry has to do is in this one file. See README.md next to it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";

const PORT = Number(process.env.PORT || 8090);
const SETTINGS_FILE = path.join(path.resolve(process.env.DATA_DIR || "./data"), "sso-example.json");
const SCOPE = "openid profile email org roles";
const SESSION_COOKIE = "sso_demo";
const SESSION_MS = 8 * 3600_000;
const FLOW_MS = 15 * 60_000;
const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";
const ROLE_NAMES = {
  system_admin: "Quản trị hệ thống",
  org_admin: "Quản trị đơn vị",
  clerk: "Văn thư",
  leader: "Lãnh đạo",
  specialist: "Chuyên viên",
  reporting_officer: "Cán bộ báo cáo",
  security_operator: "Vận hành an toàn thông tin",
};

/** The file `lienthong seed --demo` writes, with ISSUER, CLIENT_ID and CLIENT_SECRET taking precedence. */
function loadSettings() {
  let stored = {};
  try {
    stored = JSON.parse(fs.readFileSync(SETTINGS_FILE, "utf8"));
  } catch (error) {
    if (error.code !== "ENOENT") throw new Error(`${SETTINGS_FILE}: ${error.message}`);
  }
  const own = `http://127.0.0.1:${PORT}`;
  const settings = {
    issuer: process.env.ISSUER || stored.issuer,
    clientId: process.env.CLIENT_ID || stored.client_id,
    clientSecret: process.env.CLIENT_SECRET || stored.client_secret,
    redirectUri: stored.redirect_uri || `${own}/callback`,
    postLogoutRedirectUri: stored.post_logout_redirect_uri || `${own}/`,
    backchannelLogoutUri: stored.backchannel_logout_uri || `${own}/backchannel-logout`,
  };
  if (!settings.issuer || !settings.clientId || !settings.clientSecret) {
    console.error(
      `Chưa có cấu hình SSO: chạy nền tảng với dữ liệu mẫu (npm start) để tạo ${SETTINGS_FILE}, hoặc đặt ISSUER, CLIENT_ID, CLIENT_SECRET.\n` +
        `No SSO settings: start the platform with demo data (npm start) to create ${SETTINGS_FILE}, or set ISSUER, CLIENT_ID and CLIENT_SECRET.`,
    );
    process.exit(1);
  }
  return settings;
}

const settings = loadSettings();
const callbackPath = new URL(settings.redirectUri).pathname;
const backchannelPath = new URL(settings.backchannelLogoutUri).pathname;

/** Discovery on first use, so the app may start before the platform; retried after a failure. */
let discovered;
function provider() {
  discovered ??= (async () => {
    // Plain http is accepted only because the demo platform runs on the loopback address.
    const insecure = new URL(settings.issuer).protocol === "http:";
    const config = await oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      undefined,
      oidc.ClientSecretBasic(settings.clientSecret),
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    const metadata = config.serverMetadata();
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
    return { config, metadata, jwks };
  })().catch((error) => {
    discovered = undefined;
    throw error;
  });
  return discovered;
}

// ---------------------------------------------------------------------------------------------
// Server-side sessions, in memory: the browser holds only a random id in an HTTP-only cookie.

/** id -> { expiresAt, flow?: { state, nonce, verifier }, user?: { sub, sid, idToken, ... } } */
const sessions = new Map();

function readSession(request) {
  const id = parseCookies(request.headers.cookie)[SESSION_COOKIE];
  const session = id ? sessions.get(id) : undefined;
  if (!session) return undefined;
  if (session.expiresAt < Date.now()) {
    sessions.delete(id);
    return undefined;
  }
  return { id, ...session };
}

function openSession(response, data, lifetimeMs) {
  const id = randomBytes(32).toString("base64url");
  sessions.set(id, { ...data, expiresAt: Date.now() + lifetimeMs });
  response.setHeader(
    "set-cookie",
    `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${lifetimeMs / 1000}`,
  );
  return id;
}

function clearSession(response, session) {
  if (session) sessions.delete(session.id);
  response.setHeader("set-cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}

function parseCookies(header = "") {
  return Object.fromEntries(
    header
      .split(";")
      .map((part) => part.trim().split("="))
      .filter(([name, value]) => name && value !== undefined)
      .map(([name, ...value]) => [name, value.join("=")]),
  );
}

setInterval(() => {
  for (const [id, session] of sessions) if (session.expiresAt < Date.now()) sessions.delete(id);
}, 60_000).unref();

// ---------------------------------------------------------------------------------------------
// Routes

/** Authorization code with PKCE, state and nonce; all three stay on the server. */
async function startSignIn(request, response) {
  const { config } = await provider();
  const previous = readSession(request);
  if (previous) sessions.delete(previous.id);
  const flow = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
  };
  openSession(response, { flow }, FLOW_MS);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: SCOPE,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
  });
  redirect(response, url.href);
}

async function finishSignIn(request, response) {
  const session = readSession(request);
  if (!session?.flow) {
    return sendPage(
      response,
      400,
      errorView("Phiên đăng nhập đã hết hạn.", "The sign-in expired."),
    );
  }
  const { config } = await provider();
  // The session that carried the flow is replaced, so an id seen before sign-in is worth nothing.
  clearSession(response, session);
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(config, new URL(request.url, settings.redirectUri), {
      pkceCodeVerifier: session.flow.verifier,
      expectedState: session.flow.state,
      expectedNonce: session.flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    console.error("sign-in failed:", error.error ?? error.code ?? error.message);
    return sendPage(
      response,
      400,
      errorView("Không đăng nhập được.", "The sign-in could not be completed.", error),
    );
  }
  const claims = tokens.claims();
  // The platform puts profile, org and roles in userinfo, not in the ID token.
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  openSession(
    response,
    {
      user: {
        sub: claims.sub,
        sid: claims.sid,
        idToken: tokens.id_token,
        name: info.name,
        username: info.preferred_username,
        email: info.email,
        org: info.org,
        roles: Array.isArray(info.roles) ? info.roles : [],
      },
    },
    SESSION_MS,
  );
  redirect(response, "/");
}

/** RP-initiated logout: end the local session, then ask the provider to end the SSO session. */
async function signOut(request, response) {
  const session = readSession(request);
  clearSession(response, session);
  if (!session?.user) return redirect(response, "/");
  const { config } = await provider();
  const url = oidc.buildEndSessionUrl(config, {
    id_token_hint: session.user.idToken,
    post_logout_redirect_uri: settings.postLogoutRedirectUri,
  });
  redirect(response, url.href);
}

/** OpenID Connect Back-Channel Logout 1.0: the provider says an SSO session ended. */
async function backchannelLogout(request, response) {
  const body = new URLSearchParams(await readBody(request, 16_384).catch(() => ""));
  const { metadata, jwks } = await provider();
  const claims = await jwtVerify(body.get("logout_token") ?? "", jwks, {
    issuer: metadata.issuer,
    audience: settings.clientId,
    typ: "logout+jwt",
    algorithms: metadata.id_token_signing_alg_values_supported,
    maxTokenAge: "5m",
  }).then(
    (verified) => verified.payload,
    () => undefined,
  );
  const valid =
    claims &&
    typeof claims.events === "object" &&
    claims.events !== null &&
    BACKCHANNEL_EVENT in claims.events &&
    !("nonce" in claims) &&
    typeof claims.sid === "string";
  response.setHeader("cache-control", "no-store");
  if (!valid) {
    response.writeHead(400, { "content-type": "application/json" });
    return response.end(JSON.stringify({ error: "invalid_request" }));
  }
  let ended = 0;
  for (const [id, session] of sessions) {
    const user = session.user;
    if (user?.sid === claims.sid && (claims.sub === undefined || user.sub === claims.sub)) {
      sessions.delete(id);
      ended += 1;
    }
  }
  console.log(`back-channel logout: sid ${claims.sid}, ${ended} session(s) ended`);
  response.writeHead(200).end();
}

function home(request, response) {
  const user = readSession(request)?.user;
  sendPage(response, 200, user ? signedInView(user) : signedOutView());
}

const routes = {
  "GET /": home,
  "GET /login": startSignIn,
  [`GET ${callbackPath}`]: finishSignIn,
  "POST /logout": signOut,
  [`POST ${backchannelPath}`]: backchannelLogout,
};

const server = http.createServer(async (request, response) => {
  const route = routes[`${request.method} ${new URL(request.url, "http://x").pathname}`];
  try {
    if (route) await route(request, response);
    else sendPage(response, 404, errorView("Không có trang này.", "Not found."));
  } catch (error) {
    console.error(error);
    if (!response.headersSent) {
      sendPage(
        response,
        502,
        errorView(
          "Không làm việc được với Liên Thông.",
          "Could not complete the exchange with Liên Thông.",
          error,
        ),
      );
    }
  }
});

function readBody(request, limit) {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => {
      body += chunk;
      if (body.length > limit) {
        request.removeAllListeners("data").resume();
        reject(new Error("body too large"));
      }
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

function redirect(response, location) {
  response.writeHead(303, { location, "cache-control": "no-store" }).end();
}

// ---------------------------------------------------------------------------------------------
// Pages: Vietnamese, with English below.

const escape = (value) =>
  String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );

function sendPage(response, status, body) {
  response.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  });
  response.end(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ứng dụng mẫu SSO — Liên Thông</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f5;margin:0;padding:48px 16px;color:#222}
main{background:#fff;max-width:560px;margin:auto;padding:32px 40px;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:22px;margin:0 0 4px}.en{color:#777;font-size:14px;margin-top:2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:10px 20px;margin:24px 0}dt{font-weight:600}dd{margin:0}
button,a.button{display:inline-block;background:#1d4ed8;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;text-decoration:none;cursor:pointer}
</style></head><body><main>
<p class="en">Ứng dụng mẫu SSO / SSO example app · <code>${escape(settings.clientId)}</code></p>
${body}
</main></body></html>`);
}

function signedInView(user) {
  const org = user.org ?? {};
  const roles = user.roles
    .map((role) => `${escape(ROLE_NAMES[role] ?? role)} <code>${escape(role)}</code>`)
    .join(", ");
  return `<h1>Đã đăng nhập bằng tài khoản Liên Thông</h1>
<p class="en">Signed in with a Liên Thông account.</p>
<dl>
<dt>Họ và tên<div class="en">Name</div></dt><dd data-claim="name">${escape(user.name)}</dd>
<dt>Tên đăng nhập<div class="en">Username</div></dt><dd data-claim="preferred_username">${escape(user.username)}</dd>
${user.email ? `<dt>Thư điện tử<div class="en">Email</div></dt><dd data-claim="email">${escape(user.email)}</dd>` : ""}
<dt>Cơ quan<div class="en">Organization</div></dt><dd data-claim="org">${escape(org.name)} <code>${escape(org.code)}</code></dd>
<dt>Vai trò<div class="en">Roles</div></dt><dd data-claim="roles">${roles || "—"}</dd>
</dl>
<form method="post" action="/logout"><button type="submit">Đăng xuất</button></form>
<p class="en">Đăng xuất ở đây là đăng xuất khỏi Liên Thông và mọi hệ thống dùng chung tài khoản.<br>
Signing out here signs you out of Liên Thông and of every system that shares the account.</p>`;
}

function signedOutView() {
  return `<h1>Chưa đăng nhập</h1>
<p class="en">You are not signed in.</p>
<p><a class="button" href="/login">Đăng nhập bằng tài khoản Liên Thông</a></p>
<p class="en">Sign in with your Liên Thông account.</p>`;
}

function errorView(vi, en, error) {
  const code = error?.error ?? error?.code;
  return `<h1>${escape(vi)}</h1><p class="en">${escape(en)}</p>
${code ? `<p class="en"><code>${escape(code)}</code></p>` : ""}
<p><a href="/">Về trang đầu / Home</a></p>`;
}

server.listen(PORT, "127.0.0.1", () => {
  console.log(`Ứng dụng mẫu SSO / SSO example app: http://127.0.0.1:${PORT}/ (${settings.issuer})`);
  if (new URL(settings.redirectUri).port !== String(PORT)) {
    console.warn(`redirect_uri ${settings.redirectUri} does not point at port ${PORT}`);
  }
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
