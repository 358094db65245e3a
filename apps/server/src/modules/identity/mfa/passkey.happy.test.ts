import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import { selectPasskeys } from "./passkey-repo.ts";
import {
  passkeyAssertionOptions,
  secondFactorStatus,
  verifyPasskeySignIn,
  verifySecondFactor,
} from "./service.ts";
import { enrolTestTotp } from "./testing.ts";
import { authenticatorFor, registerTestPasskey } from "./webauthn-testing.ts";

const PASSKEYS = "/api/v1/identity/me/second-factor/passkeys";

describe("passkeys: registration, sign-in, account page", () => {
  let platform: Platform;
  let orgId: string;
  before(async () => {
    platform = await createTestPlatform({ config: { publicUrl: "https://sso.example.gov.vn" } });
    orgId = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform?.stop());

  /** A person signed in to the web app: session cookie and CSRF token, as the account page has. */
  async function browserSession() {
    const person = await createTestUser(platform, { organizationId: orgId, roles: ["specialist"] });
    const { cookie, csrfToken } = await person.signIn();
    const headers = { cookie, "x-csrf-token": csrfToken };
    const call = (method: string, url: string, payload?: object) =>
      platform.app.inject({
        method: method as "GET",
        url,
        headers,
        ...(payload ? { payload } : {}),
      });
    return { ...person, call };
  }

  it("registers a first passkey over HTTP, with recovery codes, and lists it", async () => {
    const { user, call } = await browserSession();
    const key = authenticatorFor(platform);
    const start = await call("POST", `${PASSKEYS}/registration-options`);
    assert.equal(start.statusCode, 200, start.body);
    const options = start.json();
    assert.equal(options.rp.id, "sso.example.gov.vn");
    assert.equal(options.attestation, "none");
    assert.deepEqual(
      options.pubKeyCredParams.map((p: { alg: number }) => p.alg),
      [-7, -257],
    );
    assert.equal(options.authenticatorSelection.userVerification, "preferred");
    assert.equal(
      Buffer.from(options.user.id, "base64url").toString("hex"),
      user.id.replace(/-/g, ""),
    );

    const created = await call("POST", PASSKEYS, {
      name: "Khóa USB phòng họp",
      response: key.create(options),
    });
    assert.equal(created.statusCode, 201, created.body);
    const { passkey, recoveryCodes } = created.json();
    assert.equal(passkey.name, "Khóa USB phòng họp");
    assert.equal(passkey.lastUsedAt, null);
    assert.equal(recoveryCodes.length, 10);

    const list = await call("GET", PASSKEYS);
    assert.deepEqual(list.json(), { items: [passkey], available: true });
    assert.deepEqual(await secondFactorStatus(platform.ctx.db, user.id), {
      totp: false,
      passkeys: 1,
      recoveryCodesLeft: 10,
      required: false,
    });
    const audit = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_enrolled",
      limit: 1,
    });
    assert.deepEqual(audit[0]!.details, {
      method: "passkey",
      passkeyId: passkey.id,
      name: "Khóa USB phòng họp",
      first: true,
    });
    assert.deepEqual(
      await verifySecondFactor({
        db: platform.ctx.db,
        config: platform.ctx.config,
        userId: user.id,
        code: recoveryCodes[0],
      }),
      { method: "recovery_code" },
      "the recovery codes stand in for the passkey",
    );
  });

  it("refuses a password alone at the API sign-in once the account has a passkey", async () => {
    const { user, password } = await createTestUser(platform, {
      organizationId: orgId,
      roles: ["clerk"],
    });
    const login = () =>
      platform.app.inject({
        method: "POST",
        url: "/api/v1/identity/login",
        payload: { username: user.username, password },
      });
    assert.equal((await login()).statusCode, 200);
    await registerTestPasskey(platform, user.id, authenticatorFor(platform));
    const refused = await login();
    assert.equal(refused.statusCode, 403);
    assert.ok(refused.json().signInUrl);
  });

  it("signs in with the passkey: the counter moves, last use is recorded and audited", async () => {
    const { user } = await createTestUser(platform, { organizationId: orgId, roles: ["clerk"] });
    const { db, config } = platform.ctx;
    const key = authenticatorFor(platform);
    const { passkey } = await registerTestPasskey(platform, user.id, key);
    for (const round of [1, 2]) {
      const boundTo = `interaction:round-${round}`;
      const options = await passkeyAssertionOptions({ db, config, userId: user.id, boundTo });
      assert.deepEqual(
        options.allowCredentials?.map((c) => c.id),
        [key.credentials[0]!.id.toString("base64url")],
      );
      const response = key.get(options);
      const result = await verifyPasskeySignIn({ db, config, userId: user.id, boundTo, response });
      assert.deepEqual(result, { method: "passkey" });
    }
    const [row] = await selectPasskeys(db, user.id);
    assert.equal(Number(row!.sign_count), 2);
    assert.ok(row!.last_used_at);
    const verified = await searchAudit(db, {
      targetId: user.id,
      action: "identity.second_factor_verified",
      limit: 5,
    });
    assert.equal(verified.length, 2);
    assert.deepEqual(verified[0]!.details, { method: "passkey", passkeyId: passkey.id });
  });

  it("adds a second key only with proof of the first, then renames and removes keys", async () => {
    const { user, call } = await browserSession();
    const phone = authenticatorFor(platform);
    const usbKey = authenticatorFor(platform);
    const first = await call("POST", `${PASSKEYS}/registration-options`);
    const made = await call("POST", PASSKEYS, {
      name: "Điện thoại",
      response: phone.create(first.json()),
    });
    const { recoveryCodes } = made.json();

    const second = await call("POST", `${PASSKEYS}/registration-options`);
    const unproven = await call("POST", PASSKEYS, {
      name: "Khóa USB",
      response: usbKey.create(second.json()),
    });
    assert.equal(unproven.statusCode, 401, unproven.body);
    assert.equal(unproven.json().code, "invalid_second_factor");

    const again = await call("POST", `${PASSKEYS}/registration-options`);
    const challenge = await call("POST", `${PASSKEYS}/assertion-options`);
    assert.equal(challenge.statusCode, 200, challenge.body);
    const proven = await call("POST", PASSKEYS, {
      name: "Khóa USB",
      response: usbKey.create(again.json()),
      passkey: phone.get(challenge.json()),
    });
    assert.equal(proven.statusCode, 201, proven.body);
    assert.equal(proven.json().recoveryCodes, undefined, "codes come with the first factor only");
    const usbId = proven.json().passkey.id;

    const renamed = await call("PATCH", `${PASSKEYS}/${usbId}`, { name: "  Khóa USB cơ quan " });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().name, "Khóa USB cơ quan");

    const removeUsb = await call("DELETE", `${PASSKEYS}/${usbId}`, { code: recoveryCodes[0] });
    assert.equal(removeUsb.statusCode, 204, removeUsb.body);
    const [phoneKey] = (await call("GET", PASSKEYS)).json().items;
    assert.equal(phoneKey.name, "Điện thoại");
    const proof = await call("POST", `${PASSKEYS}/assertion-options`);
    const removePhone = await call("DELETE", `${PASSKEYS}/${phoneKey.id}`, {
      passkey: phone.get(proof.json()),
    });
    assert.equal(removePhone.statusCode, 204, removePhone.body);
    assert.deepEqual(await secondFactorStatus(platform.ctx.db, user.id), {
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
      required: false,
    });
    const removed = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_removed",
      limit: 5,
    });
    assert.deepEqual(
      removed.map((e) => [e.details.method, e.details.name]),
      [
        ["passkey", "Điện thoại"],
        ["passkey", "Khóa USB cơ quan"],
      ],
    );
  });

  it("lets an account with an authenticator app add a passkey with a current code", async () => {
    const { user, call } = await browserSession();
    const app = await enrolTestTotp(platform, user.id, new Date(Date.now() - 60_000));
    const options = await call("POST", `${PASSKEYS}/registration-options`);
    const key = authenticatorFor(platform);
    const added = await call("POST", PASSKEYS, {
      name: "Passkey",
      response: key.create(options.json()),
      code: app.codeAt(new Date()),
    });
    assert.equal(added.statusCode, 201, added.body);
    const status = await secondFactorStatus(platform.ctx.db, user.id);
    assert.deepEqual([status.totp, status.passkeys, status.recoveryCodesLeft], [true, 1, 10]);
  });

  it("removes passkeys with an administrator's reset of the second factor", async () => {
    const { user } = await createTestUser(platform, { organizationId: orgId, roles: ["clerk"] });
    const admin = await createTestUser(platform, { organizationId: orgId, roles: ["org_admin"] });
    await registerTestPasskey(platform, user.id, authenticatorFor(platform));
    const reset = await platform.app.inject({
      method: "DELETE",
      url: `/api/v1/identity/users/${user.id}/second-factor`,
      headers: admin.bearer,
    });
    assert.equal(reset.statusCode, 204, reset.body);
    const status = await secondFactorStatus(platform.ctx.db, user.id);
    assert.deepEqual([status.passkeys, status.recoveryCodesLeft], [0, 0]);
    const audit = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_removed",
      limit: 1,
    });
    assert.deepEqual(audit[0]!.details, { by: "administrator", credentials: 0, passkeys: 1 });
  });
});
