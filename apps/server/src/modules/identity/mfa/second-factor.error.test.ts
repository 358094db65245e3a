import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { authenticatePassword } from "../sign-in.ts";
import { createTestUser } from "../testing.ts";
import {
  confirmTotpEnrolment,
  resetSecondFactor,
  secondFactorStatus,
  startTotpEnrolment,
  verifySecondFactor,
} from "./service.ts";
import { enrolTestTotp } from "./testing.ts";
import { hotp } from "./totp.ts";

const T0 = new Date(Date.UTC(2026, 10, 28, 2, 0, 15));
const at = (steps: number) => new Date(T0.getTime() + steps * 30_000);

describe("second factor: wrong, replayed and missing codes", () => {
  let platform: Platform;
  let orgId: string;
  before(async () => {
    platform = await createTestPlatform();
    orgId = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform?.stop());

  const person = () => createTestUser(platform, { organizationId: orgId, roles: ["specialist"] });
  const verify = (userId: string, code: string, now: Date) =>
    verifySecondFactor({ db: platform.ctx.db, config: platform.ctx.config, userId, code, now });
  const wrong = { code: "invalid_second_factor" };
  const locked = { code: "account_locked" };

  /** A six-digit code that is none of the codes valid around `now`. */
  const wrongCodeAt = (phone: { codeAt(at: Date): string }, now: Date) => {
    const valid = [-1, 0, 1].map((o) => phone.codeAt(new Date(now.getTime() + o * 30_000)));
    for (let n = 0; ; n += 1) {
      const candidate = String(n).padStart(6, "0");
      if (!valid.includes(candidate)) return candidate;
    }
  };

  it("refuses a replayed code, and an earlier step once a later one was used", async () => {
    const { user } = await person();
    const phone = await enrolTestTotp(platform, user.id, at(0));
    await assert.rejects(verify(user.id, phone.codeAt(at(0)), at(0)), wrong, "enrolment code");
    assert.deepEqual(await verify(user.id, phone.codeAt(at(5)), at(5)), { method: "totp" });
    await assert.rejects(verify(user.id, phone.codeAt(at(5)), at(5)), wrong, "same code again");
    assert.deepEqual(await verify(user.id, phone.codeAt(at(6)), at(5)), { method: "totp" });
    await assert.rejects(verify(user.id, phone.codeAt(at(4)), at(5)), wrong, "earlier step");
    const failures = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_failed",
      limit: 10,
    });
    assert.deepEqual(
      failures.map((e) => e.details.reason),
      ["replayed", "replayed", "replayed"],
    );
  });

  it("refuses codes two steps away", async () => {
    const { user } = await person();
    const phone = await enrolTestTotp(platform, user.id, at(0));
    for (const offset of [-2, 2]) {
      const code = phone.codeAt(at(10 + offset));
      const nearby = [9, 10, 11].map((s) => phone.codeAt(at(s)));
      if (!nearby.includes(code)) await assert.rejects(verify(user.id, code, at(10)), wrong);
    }
  });

  it("locks the account after five wrong codes, audits it, and then refuses the right code and the password", async () => {
    const { user, password } = await person();
    const now = new Date();
    const phone = await enrolTestTotp(platform, user.id, new Date(now.getTime() - 90_000));
    const bad = wrongCodeAt(phone, now);
    for (let i = 0; i < 4; i += 1) await assert.rejects(verify(user.id, bad, now), wrong);
    await assert.rejects(verify(user.id, bad, now), (error: { code: string; detail: unknown }) => {
      assert.equal(error.code, "account_locked");
      assert.match(JSON.stringify(error.detail), /xác thực hai yếu tố sai nhiều lần/);
      return true;
    });
    await assert.rejects(verify(user.id, phone.codeAt(now), now), locked);
    await assert.rejects(
      authenticatePassword({ db: platform.ctx.db, username: user.username, password }),
      locked,
      "the password step refuses a locked account too",
    );
    const audit = await searchAudit(platform.ctx.db, { targetId: user.id, limit: 20 });
    const failed = audit.filter((e) => e.action === "identity.second_factor_failed");
    assert.deepEqual(
      failed.map((e) => e.details.reason),
      ["locked", "wrong_code", "wrong_code", "wrong_code", "wrong_code", "wrong_code"],
    );
    assert.deepEqual(
      failed.slice(1).map((e) => e.details.attempts),
      [5, 4, 3, 2, 1],
    );
    const lock = audit.filter((e) => e.action === "identity.account_locked");
    assert.equal(lock.length, 1);
    assert.equal(lock[0]!.details.reason, "second_factor");
  });

  it("does not let a correct password clear the count of wrong codes", async () => {
    const { user, password } = await person();
    const now = new Date();
    const phone = await enrolTestTotp(platform, user.id, new Date(now.getTime() - 90_000));
    const bad = wrongCodeAt(phone, now);
    for (let i = 0; i < 4; i += 1) await assert.rejects(verify(user.id, bad, now), wrong);
    await authenticatePassword({ db: platform.ctx.db, username: user.username, password });
    await assert.rejects(verify(user.id, bad, now), locked);
  });

  it("starts the count again after a right code, and after an administrator's reset", async () => {
    const { user } = await person();
    const phone = await enrolTestTotp(platform, user.id, at(0));
    for (let i = 0; i < 4; i += 1)
      await assert.rejects(verify(user.id, wrongCodeAt(phone, at(30)), at(30)), wrong);
    await verify(user.id, phone.codeAt(at(30)), at(30));
    for (let i = 0; i < 4; i += 1)
      await assert.rejects(verify(user.id, wrongCodeAt(phone, at(40)), at(40)), wrong);
    await resetSecondFactor({
      db: platform.ctx.db,
      actor: { kind: "system", name: "test" },
      userId: user.id,
    });
    const again = await enrolTestTotp(platform, user.id, at(50));
    for (let i = 0; i < 4; i += 1)
      await assert.rejects(verify(user.id, wrongCodeAt(again, at(60)), at(60)), wrong);
  });

  it("accepts a recovery code only once", async () => {
    const { user } = await person();
    const phone = await enrolTestTotp(platform, user.id, at(0));
    const code = phone.recoveryCodes[3]!;
    assert.deepEqual(await verify(user.id, code, at(1)), { method: "recovery_code" });
    await assert.rejects(verify(user.id, code, at(2)), wrong);
  });

  it("does not accept one account's recovery code for another", async () => {
    const a = await person();
    const b = await person();
    const phoneA = await enrolTestTotp(platform, a.user.id, at(0));
    await enrolTestTotp(platform, b.user.id, at(0));
    await assert.rejects(verify(b.user.id, phoneA.recoveryCodes[0]!, at(1)), wrong);
    await assert.rejects(verify(b.user.id, hotp(Buffer.alloc(20), 1), at(1)), wrong);
  });

  it("refuses verification for an account without a second factor, without counting it", async () => {
    const { user } = await person();
    await assert.rejects(
      verify(user.id, "123456", at(0)),
      (error: { code: string; detail: unknown }) => {
        assert.equal(error.code, "invalid_second_factor");
        assert.match(JSON.stringify(error.detail), /chưa bật/);
        return true;
      },
    );
    await assert.rejects(verify("0197aaaa-0000-7000-8000-000000000000", "123456", at(0)), {
      code: "not_found",
    });
  });

  it("refuses a confirmation without a pending enrolment, and a wrong confirmation code without locking", async () => {
    const { user, bearer } = await person();
    const ctx = { db: platform.ctx.db, config: platform.ctx.config, userId: user.id };
    await assert.rejects(confirmTotpEnrolment({ ...ctx, code: "123456", now: at(0) }), {
      code: "unprocessable",
    });
    await startTotpEnrolment({ ...ctx, now: at(0) });
    for (let i = 0; i < 6; i += 1)
      await assert.rejects(confirmTotpEnrolment({ ...ctx, code: "abcdef", now: at(0) }), wrong);
    assert.equal((await secondFactorStatus(platform.ctx.db, user.id)).totp, false);
    const http = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/me/second-factor/totp/confirm",
      headers: bearer,
      payload: { code: "12" },
    });
    assert.equal(http.statusCode, 400);
    assert.equal(http.json().code, "validation_failed");
  });

  it("answers a wrong code over HTTP with a 401 problem in Vietnamese", async () => {
    const { user, bearer } = await person();
    await enrolTestTotp(platform, user.id, new Date(Date.now() - 3_600_000));
    const response = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/me/second-factor/recovery-codes",
      headers: bearer,
      payload: { code: "zzzz-zzzz-zz" },
    });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().code, "invalid_second_factor");
    assert.equal(response.json().title, "Mã xác thực không đúng hoặc đã được dùng");
    const missing = await platform.app.inject({
      method: "DELETE",
      url: "/api/v1/identity/me/second-factor/totp",
      headers: bearer,
      payload: {},
    });
    assert.equal(missing.statusCode, 400);
  });

  it("refuses self-removal when the role requires a second factor", async () => {
    const admin = await createTestUser(platform, { organizationId: orgId, roles: ["org_admin"] });
    const phone = await enrolTestTotp(platform, admin.user.id, at(0));
    const response = await platform.app.inject({
      method: "DELETE",
      url: "/api/v1/identity/me/second-factor/totp",
      headers: admin.bearer,
      payload: { code: phone.recoveryCodes[0] },
    });
    assert.equal(response.statusCode, 422);
    assert.match(response.json().detail, /bắt buộc xác thực hai yếu tố/);
    assert.equal((await secondFactorStatus(platform.ctx.db, admin.user.id)).recoveryCodesLeft, 10);
  });
});
