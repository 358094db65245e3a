/**
 * Ví dụ dùng @lienthong/sdk / an example of @lienthong/sdk: calls a service through the LGSP
 * gateway, sends a message with an idempotency key, and checks the proof that the call is in the
 * platform's evidence log. Run from the repository's root:
 *
 *   node --import tsx examples/lgsp-client/index.ts
 *
 * with the variables README.md lists.
 */
import { readFile } from "node:fs/promises";
import {
  LgspClient,
  LgspProblem,
  verifyProofBundle,
  type ChannelAddress,
  type ProofBundle,
  type ServiceAddress,
} from "@lienthong/sdk";

function setting(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === "") {
    console.error(`Thiếu biến môi trường ${name} / ${name} is not set (see README.md).`);
    process.exit(2);
  }
  return value;
}

/** `org/system/service/version`, the gateway's way of naming a service. */
function serviceAddress(text: string): ServiceAddress {
  const [org, system, service, version, ...rest] = text.split("/");
  if (!org || !system || !service || !version || rest.length > 0)
    throw new Error(`LGSP_SERVICE phải có dạng org/system/service/version: ${text}`);
  return { org, system, service, version };
}

function channelAddress(text: string): ChannelAddress {
  const parts = text.split("/");
  const channel = parts.pop();
  if (!channel) throw new Error(`LGSP_CHANNEL phải có dạng org/system/service/version/channel`);
  return { ...serviceAddress(parts.join("/")), channel };
}

/** A certificate file in PEM or DER. */
async function certificate(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  const pem = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(bytes.toString());
  return new Uint8Array(pem ? Buffer.from(pem[1]!.replace(/\s+/g, ""), "base64") : bytes);
}

const baseUrl = setting("LGSP_URL", "http://127.0.0.1:8080");
const client = new LgspClient({
  baseUrl,
  clientId: setting("LGSP_CLIENT_ID"),
  clientSecret: setting("LGSP_CLIENT_SECRET"),
});

// 1. Gọi dịch vụ / call a service.
const service = serviceAddress(setting("LGSP_SERVICE"));
const response = await client.call(service, setting("LGSP_PATH", "/"), {
  correlationId: `vi-du-${Date.now()}`,
});
const exchangeId = response.headers.get("x-lgsp-exchange-id");
console.log(`1. ${response.status} ${exchangeId ? `(giao dịch / exchange ${exchangeId})` : ""}`);
console.log(`   ${(await response.text()).slice(0, 300)}`);

// 2. Gửi thông điệp, hai lần cùng khóa: một thông điệp / a message sent twice with one key.
if (process.env.LGSP_CHANNEL) {
  const channel = channelAddress(process.env.LGSP_CHANNEL);
  const key = setting("LGSP_IDEMPOTENCY_KEY", `vi-du-${new Date().toISOString().slice(0, 10)}`);
  const report = { ky: "2026-Q4", donVi: service.org, soLieu: [12, 7, 3] };
  try {
    const first = await client.sendMessage(channel, report, { idempotencyKey: key });
    const again = await client.sendMessage(channel, report, { idempotencyKey: key });
    console.log(
      `2. ${first.message.id} ${first.message.status}; gửi lại / sent again: ` +
        `${again.message.id === first.message.id ? "cùng thông điệp / same message" : "KHÁC / DIFFERENT"}`,
    );
    const status = await client.messageStatus(channel, first.message.id);
    console.log(`   trạng thái / status: ${status.status}, attempts ${status.attempts}`);
  } catch (error) {
    if (!(error instanceof LgspProblem)) throw error;
    // 409 conflict: this key already named a message with another body (another day's report).
    console.log(`2. ${error.status} ${error.code}: ${error.detail ?? ""}`);
  }
} else {
  console.log("2. (bỏ qua: chưa đặt LGSP_CHANNEL / skipped: LGSP_CHANNEL is not set)");
}

// 3. Kiểm tra gói bằng chứng / verify the proof bundle of the call.
const apiToken = process.env.LGSP_API_TOKEN;
if (!apiToken || !exchangeId) {
  console.log("3. (bỏ qua: chưa đặt LGSP_API_TOKEN / skipped: LGSP_API_TOKEN is not set)");
} else {
  const anchorFile = process.env.LGSP_TRUST_ANCHOR;
  let trustAnchor: Uint8Array;
  if (anchorFile) trustAnchor = await certificate(anchorFile);
  else {
    console.log(
      "   (chứng thư gốc lấy từ chính nền tảng: chỉ để thử / root taken from the platform itself: for trying out only)",
    );
    trustAnchor = new Uint8Array(
      await (await fetch(`${baseUrl}/pki/ca/root-ca.crt`)).arrayBuffer(),
    );
  }
  // The chain head is signed every minute: until then the bundle has no checkpoint.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const answer = await fetch(`${baseUrl}/api/v1/exchange/exchanges/${exchangeId}/proof`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    if (!answer.ok) {
      console.log(`3. ${answer.status}: ${await answer.text()}`);
      break;
    }
    const bundle = (await answer.json()) as ProofBundle;
    const verdict = await verifyProofBundle(bundle, { trustAnchors: [trustAnchor] });
    if (verdict.valid) {
      console.log(
        `3. hợp lệ / valid: seq ${verdict.seq}, ký lúc / signed at ${verdict.checkpoint.at}, ` +
          `dấu thời gian / timestamped ${verdict.timestampedAt}`,
      );
      break;
    }
    if (verdict.code !== "not_checkpointed" || Date.now() > deadline) {
      console.log(
        `3. KHÔNG hợp lệ / NOT valid: ${verdict.code} — ${verdict.reason.vi} / ${verdict.reason.en}`,
      );
      process.exitCode = 1;
      break;
    }
    console.log("   chờ lần ký kế tiếp / waiting for the next checkpoint...");
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}
