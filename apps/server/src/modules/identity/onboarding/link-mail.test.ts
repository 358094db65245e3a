import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { ConfigError, loadConfig } from "../../../core/config.ts";
import { startJobRunner, type JobRunner } from "../../../core/jobs.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import { readMail, startSmtpServer } from "../../../core/testing/smtp.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { identityModule } from "../index.ts";
import { createTestUser } from "../testing.ts";
import { onboardingJobs } from "./index.ts";
import { PASSWORD_LINK_MAIL_JOB } from "./link-mail.ts";
import { buildCsv, upload } from "./testing.ts";

describe("set-password links by e-mail", () => {
  let platform: Platform;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let org: { id: string; code: string; name: string };
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  const runners: JobRunner[] = [];
  /** A job runner as the server process starts it; a second one stands for a restarted server. */
  const startRunner = () => {
    const runner = startJobRunner({
      db: platform.ctx.db,
      ctx: platform.ctx,
      jobs: onboardingJobs,
      log: platform.ctx.log,
      pollMs: 60_000,
      retryBaseMs: 3_600_000,
    });
    runners.push(runner);
    return runner;
  };
  before(async () => {
    smtp = await startSmtpServer({ user: "lienthong", pass: "mật khẩu/SMTP" });
    platform = await createTestPlatform({
      config: {
        publicUrl: "https://lienthong.example.gov.vn",
        mail: {
          smtpUrl: `smtp://lienthong:${encodeURIComponent("mật khẩu/SMTP")}@127.0.0.1:${smtp.port}`,
          from: "Liên Thông <no-reply@lienthong.example.gov.vn>",
        },
      },
    });
    org = await createTestOrganization(platform.ctx.db, { name: "Sở Nội vụ tỉnh Thư Điện Tử" });
    admin = await createTestUser(platform, { organizationId: org.id, roles: ["system_admin"] });
  });
  after(async () => {
    for (const runner of runners) await runner.stop();
    await platform?.stop();
    await smtp?.close();
  });

  const invite = (username: string, email: string) =>
    platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/invitations",
      headers: admin.bearer,
      payload: {
        username,
        displayName: "Đỗ Thị Hạnh",
        email,
        organizationId: org.id,
        roles: ["reporting_officer"],
      },
    });

  it("is declared in the identity manifest, so every server process runs it", () => {
    assert.ok(identityModule.jobs?.some((job) => job.name === PASSWORD_LINK_MAIL_JOB));
  });

  it("mails the link, Vietnamese first and English below, through a real SMTP exchange with sign-in", async () => {
    const response = await invite("do.thi.hanh", "hanh@snv.example.gov.vn");
    assert.equal(response.statusCode, 201, response.body);
    const { link } = response.json();
    assert.equal(link.mailQueuedTo, "hanh@snv.example.gov.vn");
    assert.equal(smtp.received.length, 0, "the request does not wait for the mail server");
    await startRunner().runDueNow();
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0]!;
    assert.deepEqual(mail.to, ["hanh@snv.example.gov.vn"]);
    assert.equal(mail.from, "no-reply@lienthong.example.gov.vn");
    const text = readMail(mail.raw).body;
    assert.ok(text.includes(link.url), "the link is in the message");
    assert.ok(text.indexOf("Kính gửi Đỗ Thị Hạnh") < text.indexOf("Dear Đỗ Thị Hạnh"));
    assert.match(text, /Tên đăng nhập: do\.thi\.hanh/);
    assert.match(text, /Cơ quan: Sở Nội vụ tỉnh Thư Điện Tử/);
    assert.match(mail.raw, /^Subject: /m);
  });

  it("keeps the mail when the server is down, and a restarted process delivers it", async () => {
    await smtp.close();
    const response = await invite("mai.van.khoa", "khoa@snv.example.gov.vn");
    assert.equal(response.statusCode, 201, "the request succeeds while SMTP is down");
    const first = startRunner();
    await first.runDueNow();
    await first.stop();
    const { rows } = await sql<{ status: string; attempts: number; last_error: string }>`
      select status, attempts, last_error from core_jobs where name = ${PASSWORD_LINK_MAIL_JOB}
      and status <> 'succeeded'`.execute(platform.ctx.db);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, "pending", "waits for a retry");
    assert.ok(rows[0]!.last_error);

    const restarted = await startSmtpServer({ user: "lienthong", pass: "mật khẩu/SMTP" });
    smtp = restarted;
    platform.ctx.config.mail = {
      ...platform.ctx.config.mail!,
      smtpUrl: `smtp://lienthong:${encodeURIComponent("mật khẩu/SMTP")}@127.0.0.1:${restarted.port}`,
    };
    await sql`update core_jobs set run_at = now() where name = ${PASSWORD_LINK_MAIL_JOB}
      and status = 'pending'`.execute(platform.ctx.db);
    await startRunner().runDueNow();
    assert.deepEqual(
      restarted.received.map((m) => m.to),
      [["khoa@snv.example.gov.vn"]],
    );
  });

  it("does not mail a link that was replaced before the mail went out, and mails each imported account", async () => {
    const response = await invite("vu.van.lam", "lam@snv.example.gov.vn");
    const userId = response.json().user.id;
    const reissued = await platform.app.inject({
      method: "POST",
      url: `/api/v1/identity/users/${userId}/password-link`,
      headers: admin.bearer,
    });
    const imported = await upload(platform, {
      url: "/api/v1/identity/user-imports",
      file: buildCsv([
        ["mail.one", "Thư Một", "one@snv.example.gov.vn", org.code, "specialist"],
        ["mail.none", "Không Thư", "", org.code, "specialist"],
      ]),
      headers: admin.bearer,
    });
    assert.equal(imported.statusCode, 201);
    assert.deepEqual(
      imported
        .json()
        .created.map((c: { link: { mailQueuedTo: string | null } }) => c.link.mailQueuedTo),
      ["one@snv.example.gov.vn", null],
    );
    smtp.received.length = 0;
    await startRunner().runDueNow();
    const texts = smtp.received.map((m) => readMail(m.raw).body);
    assert.equal(texts.length, 2);
    assert.ok(texts.some((t) => t.includes(reissued.json().url)));
    assert.ok(
      !texts.some((t) => t.includes(response.json().link.url)),
      "the replaced link is not sent",
    );
    assert.ok(texts.some((t) => t.includes(imported.json().created[0].link.url)));
  });
});

describe("mail configuration", () => {
  it("reads SMTP_URL and MAIL_FROM, and sends no mail without them", () => {
    assert.equal(loadConfig({}).mail, undefined);
    assert.deepEqual(
      loadConfig({
        SMTP_URL: "smtp://u:p@mail.example.gov.vn:587",
        PUBLIC_URL: "https://lt.example.gov.vn",
      }).mail,
      {
        smtpUrl: "smtp://u:p@mail.example.gov.vn:587",
        from: "Liên Thông <no-reply@lt.example.gov.vn>",
      },
    );
  });

  for (const [env, pattern] of [
    [
      { SMTP_URL: "mail.example.gov.vn" },
      /SMTP_URL is not valid: set it to smtp:\/\/user:password@host:587/,
    ],
    [{ SMTP_URL: "http://mail.example.gov.vn" }, /SMTP_URL is not valid/],
    [{ MAIL_FROM: "a@b.vn" }, /MAIL_FROM is set but SMTP_URL is not/],
    [
      { SMTP_URL: "smtps://mail.example.gov.vn", MAIL_FROM: "nobody" },
      /MAIL_FROM="nobody" is not a mail address/,
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(env)} with a sentence a person can act on`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
      );
    });
  }
});
