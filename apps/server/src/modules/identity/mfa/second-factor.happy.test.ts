import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import {
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  resetSecondFactor,
  secondFactorStatus,
  startTotpEnrolment,
  verifySecondFactor,
} from "./service.ts";
import { enrolTestTotp } from "./testing.ts";
import { base32Decode, totp } from "./totp.ts";

/** A fixed moment in the middle of a 30-second step, so ± one step is unambiguous. */
const T0 = new Date(Date.UTC(2026, 10, 28, 1, 0, 15));
const at = (steps: number) => new Date(T0.getTime() + steps * 30_000);

describe("second factor: enrolment, verification, recovery codes", () => {
  let platform: Platform;
  let orgId: string;
  before(async () => {
    platform = await createTestPlatform();
    orgId = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform?.stop());

  const person = () => createTestUser(platform, { organizationId: orgId, roles: ["specialist"] });
  const ctx = () => ({ db: platform.ctx.db, config: platform.ctx.config });

  it("enrols over HTTP: QR code and secret, confirmation, ten recovery codes, status", async () => {
    const { bearer, user } = await person();
    const before = await platform.app.inject({
      url: "/api/v1/identity/me/second-factor",
      headers: bearer,
    });
    assert.equal(before.statusCode, 200, before.body);
    assert.deepEqual(before.json(), {
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
      required: false,
    });

    const start = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/me/second-factor/totp",
      headers: bearer,
    });
    assert.equal(start.statusCode, 201, start.body);
    const { secret, otpauthUri, qrSvg } = start.json();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(
      otpauthUri,
      `otpauth://totp/Li%C3%AAn%20Th%C3%B4ng:${user.username}?secret=${secret}` +
        "&issuer=Li%C3%AAn%20Th%C3%B4ng&algorithm=SHA1&digits=6&period=30",
    );
    assert.match(qrSvg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const confirm = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/me/second-factor/totp/confirm",
      headers: bearer,
      payload: { code: totp(base32Decode(secret), new Date()) },
    });
    assert.equal(confirm.statusCode, 200, confirm.body);
    const codes: string[] = confirm.json().recoveryCodes;
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/);

    const status = await platform.app.inject({
      url: "/api/v1/identity/me/second-factor",
      headers: bearer,
    });
    assert.deepEqual(status.json(), {
      totp: true,
      passkeys: 0,
      recoveryCodesLeft: 10,
      required: false,
    });
    const audit = await searchAudit(platform.ctx.db, { targetId: user.id, limit: 20 });
    assert.ok(audit.some((e) => e.action === "identity.second_factor_enrolled"));
    assert.ok(audit.some((e) => e.action === "identity.second_factor_enrolment_started"));
  });

  it("verifies the current step and one step either side, and audits it", async () => {
    const { user } = await person();
    const phone = await enrolTestTotp(platform, user.id, at(0));
    for (const [i, offset] of [-1, 0, 1].entries()) {
      const step = 10 * (i + 1);
      const result = await verifySecondFactor({
        ...ctx(),
        userId: user.id,
        code: phone.codeAt(at(step + offset)),
        now: at(step),
      });
      assert.deepEqual(result, { method: "totp" }, `offset ${offset}`);
    }
    const audit = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_verified",
      limit: 10,
    });
    assert.equal(audit.length, 3);
    assert.deepEqual(audit[0]!.details, { method: "totp" });
    assert.equal(audit[0]!.actorId, user.id);
  });

  it("accepts a recovery code once, with or without dashes and capitals", async () => {
    const { user } = await person();
    const phone = await enrolTestTotp(platform, user.id, at(0));
    const [first, second] = phone.recoveryCodes;
    assert.deepEqual(
      await verifySecondFactor({ ...ctx(), userId: user.id, code: first!, now: at(5) }),
      { method: "recovery_code" },
    );
    const spelled = second!.replace(/-/g, " ").toUpperCase();
    assert.deepEqual(
      await verifySecondFactor({ ...ctx(), userId: user.id, code: spelled, now: at(5) }),
      { method: "recovery_code" },
    );
    assert.equal((await secondFactorStatus(platform.ctx.db, user.id)).recoveryCodesLeft, 8);
    const used = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.recovery_code_used",
      limit: 10,
    });
    assert.deepEqual(
      used.map((e) => e.details.left),
      [8, 9],
    );
  });

  it("regenerates recovery codes with a current code; the old ones stop working", async () => {
    const { user, bearer } = await person();
    const phone = await enrolTestTotp(platform, user.id, at(0));
    const { recoveryCodes } = await regenerateRecoveryCodes({
      ...ctx(),
      userId: user.id,
      proof: { code: phone.codeAt(at(3)) },
      now: at(3),
    });
    assert.equal(recoveryCodes.length, 10);
    assert.equal(recoveryCodes.filter((c) => phone.recoveryCodes.includes(c)).length, 0);
    await assert.rejects(
      verifySecondFactor({ ...ctx(), userId: user.id, code: phone.recoveryCodes[0]!, now: at(4) }),
      { code: "invalid_second_factor" },
    );
    assert.deepEqual(
      await verifySecondFactor({ ...ctx(), userId: user.id, code: recoveryCodes[0]!, now: at(4) }),
      { method: "recovery_code" },
    );
    const over = await platform.app.inject({
      method: "POST",
      url: "/api/v1/identity/me/second-factor/recovery-codes",
      headers: bearer,
      payload: { code: recoveryCodes[1] },
    });
    assert.equal(over.statusCode, 200, over.body);
    assert.equal(over.json().recoveryCodes.length, 10);
  });

  it("replaces an enrolled app only with a code from the old one; the old app keeps working until then", async () => {
    const { user } = await person();
    const oldPhone = await enrolTestTotp(platform, user.id, at(0));
    const { secret } = await startTotpEnrolment({ ...ctx(), userId: user.id, now: at(1) });
    const newKey = base32Decode(secret);
    assert.deepEqual(
      await verifySecondFactor({
        ...ctx(),
        userId: user.id,
        code: oldPhone.codeAt(at(2)),
        now: at(2),
      }),
      { method: "totp" },
    );
    await assert.rejects(
      confirmTotpEnrolment({ ...ctx(), userId: user.id, code: totp(newKey, at(3)), now: at(3) }),
      { code: "invalid_second_factor" },
    );
    const { recoveryCodes } = await confirmTotpEnrolment({
      ...ctx(),
      userId: user.id,
      code: totp(newKey, at(4)),
      currentCode: oldPhone.codeAt(at(4)),
      now: at(4),
    });
    assert.equal(recoveryCodes.length, 10);
    await assert.rejects(
      verifySecondFactor({ ...ctx(), userId: user.id, code: oldPhone.codeAt(at(6)), now: at(6) }),
      { code: "invalid_second_factor" },
    );
    assert.deepEqual(
      await verifySecondFactor({
        ...ctx(),
        userId: user.id,
        code: totp(newKey, at(7)),
        now: at(7),
      }),
      { method: "totp" },
    );
  });

  it("lets people remove their own app with a current code, over HTTP", async () => {
    const { user, bearer } = await person();
    const phone = await enrolTestTotp(platform, user.id, new Date(Date.now() - 120_000));
    const removed = await platform.app.inject({
      method: "DELETE",
      url: "/api/v1/identity/me/second-factor/totp",
      headers: bearer,
      payload: { code: phone.codeAt(new Date()) },
    });
    assert.equal(removed.statusCode, 204, removed.body);
    assert.deepEqual(await secondFactorStatus(platform.ctx.db, user.id), {
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
      required: false,
    });
    const audit = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_removed",
      limit: 1,
    });
    assert.deepEqual(audit[0]!.details, { by: "self", method: "totp", credentials: 1 });
  });

  it("lets an administrator of the organization reset someone's second factor", async () => {
    const { user } = await person();
    const admin = await createTestUser(platform, { organizationId: orgId, roles: ["org_admin"] });
    await enrolTestTotp(platform, user.id, at(0));
    const reset = await platform.app.inject({
      method: "DELETE",
      url: `/api/v1/identity/users/${user.id}/second-factor`,
      headers: admin.bearer,
    });
    assert.equal(reset.statusCode, 204, reset.body);
    assert.equal((await secondFactorStatus(platform.ctx.db, user.id)).totp, false);
    const audit = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_removed",
      limit: 1,
    });
    assert.equal(audit[0]!.actorId, admin.user.id);
    assert.equal(audit[0]!.details.by, "administrator");
  });

  it("removes through the service for the platform itself (CLI)", async () => {
    const { user } = await person();
    await enrolTestTotp(platform, user.id, at(0));
    await resetSecondFactor({
      db: platform.ctx.db,
      actor: { kind: "system", name: "test" },
      userId: user.id,
    });
    assert.equal((await secondFactorStatus(platform.ctx.db, user.id)).totp, false);
  });
});
