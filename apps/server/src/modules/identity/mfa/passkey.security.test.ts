import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAudit } from "../../../core/audit.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../testing.ts";
import {
  passkeyAssertionOptions,
  startPasskeyRegistration,
  registerPasskey,
  verifyPasskeySignIn,
} from "./service.ts";
import { relyingParty } from "./webauthn.ts";
import { authenticatorFor, registerTestPasskey, type Tamper } from "./webauthn-testing.ts";

const PASSKEYS = "/api/v1/identity/me/second-factor/passkeys";
const refused = { code: "invalid_second_factor" };

describe("passkeys: refusals", () => {
  let platform: Platform;
  let orgId: string;
  before(async () => {
    platform = await createTestPlatform({ config: { publicUrl: "https://sso.example.gov.vn" } });
    orgId = (await createTestOrganization(platform.ctx.db)).id;
  });
  after(() => platform?.stop());

  const ctx = () => ({ db: platform.ctx.db, config: platform.ctx.config });

  /** An account with one registered passkey, and a sign-in step that answers with it. */
  async function withPasskey() {
    const person = await createTestUser(platform, { organizationId: orgId, roles: ["clerk"] });
    const key = authenticatorFor(platform);
    await registerTestPasskey(platform, person.user.id, key);
    const userId = person.user.id;
    const options = (boundTo = "interaction:a", now = new Date()) =>
      passkeyAssertionOptions({ ...ctx(), userId, boundTo, now });
    const answer = (
      response: Parameters<typeof verifyPasskeySignIn>[0]["response"],
      boundTo = "interaction:a",
      now = new Date(),
    ) => verifyPasskeySignIn({ ...ctx(), userId, boundTo, response, now });
    const signIn = async (tamper: Tamper = {}) => answer(key.get(await options(), tamper));
    const reasons = async () =>
      (
        await searchAudit(platform.ctx.db, {
          targetId: userId,
          action: "identity.second_factor_failed",
          limit: 20,
        })
      ).map((e) => e.details.reason);
    return { ...person, key, options, answer, signIn, reasons };
  }

  it("refuses an assertion made for another origin or another RP ID, and counts it", async () => {
    const person = await withPasskey();
    await assert.rejects(
      person.signIn({ origin: "https://sso.example.gov.vn.evil.test" }),
      refused,
    );
    await assert.rejects(person.signIn({ rpId: "evil.test" }), refused);
    assert.deepEqual(await person.reasons(), ["wrong_rp_id", "wrong_origin"]);
    const failed = await searchAudit(platform.ctx.db, {
      targetId: person.user.id,
      action: "identity.second_factor_failed",
      limit: 1,
    });
    assert.equal(failed[0]!.details.attempts, 2);
    assert.deepEqual(await person.signIn(), { method: "passkey" });
  });

  it("refuses a registration made for another origin or another RP ID", async () => {
    const { user } = await createTestUser(platform, { organizationId: orgId, roles: ["clerk"] });
    const key = authenticatorFor(platform);
    for (const tamper of [{ origin: "http://sso.example.gov.vn" }, { rpId: "example.gov.vn" }]) {
      const options = await startPasskeyRegistration({ ...ctx(), userId: user.id, boundTo: "s" });
      await assert.rejects(
        registerPasskey({
          ...ctx(),
          userId: user.id,
          boundTo: "s",
          name: "Khóa",
          response: key.create(options, tamper),
        }),
        { code: "unprocessable" },
      );
    }
    const failed = await searchAudit(platform.ctx.db, {
      targetId: user.id,
      action: "identity.second_factor_failed",
      limit: 5,
    });
    assert.deepEqual(
      failed.map((e) => e.details.reason),
      ["enrolment_wrong_rp_id", "enrolment_wrong_origin"],
    );
  });

  it("spends a challenge on first use: a replayed assertion is refused", async () => {
    const person = await withPasskey();
    const response = person.key.get(await person.options());
    assert.deepEqual(await person.answer(response), { method: "passkey" });
    await assert.rejects(person.answer(response), refused);
    assert.deepEqual(await person.reasons(), ["unknown_challenge"]);
  });

  it("refuses a challenge older than five minutes", async () => {
    const person = await withPasskey();
    const issued = new Date();
    const response = person.key.get(await person.options("interaction:a", issued));
    const later = new Date(issued.getTime() + 5 * 60_000 + 1_000);
    await assert.rejects(person.answer(response, "interaction:a", later), refused);
    assert.deepEqual(await person.reasons(), ["expired_challenge"]);
  });

  it("refuses a challenge issued to another sign-in or another session", async () => {
    const person = await withPasskey();
    const response = person.key.get(await person.options("interaction:a"));
    await assert.rejects(person.answer(response, "interaction:b"), refused);
    await assert.rejects(person.answer(response, "session:b"), refused);
    assert.deepEqual(await person.reasons(), ["unknown_challenge", "unknown_challenge"]);
  });

  it("refuses a counter that does not move forward and audits a possible cloned key", async () => {
    const person = await withPasskey();
    assert.deepEqual(await person.signIn(), { method: "passkey" });
    assert.deepEqual(await person.signIn(), { method: "passkey" });
    await assert.rejects(person.signIn({ counter: 1 }), refused);
    await assert.rejects(person.signIn({ counter: 2 }), refused);
    assert.deepEqual(await person.reasons(), ["counter_went_backwards", "counter_went_backwards"]);
    const clone = await searchAudit(platform.ctx.db, {
      targetId: person.user.id,
      action: "identity.passkey_clone_suspected",
      limit: 5,
    });
    assert.deepEqual(
      clone.map((e) => [e.details.stored, e.details.presented]),
      [
        [2, 2],
        [2, 1],
      ],
    );
    assert.deepEqual(await person.signIn(), { method: "passkey" });
  });

  it("refuses someone else's credential", async () => {
    const alice = await withPasskey();
    const bob = await withPasskey();
    const options = await alice.options();
    const bobsKey = bob.key.credentials[0]!;
    await assert.rejects(alice.answer(bob.key.get(options, {}, bobsKey)), refused);
    assert.deepEqual(await alice.reasons(), ["unknown_credential"]);
  });

  it("locks the account after five failed passkey checks", async () => {
    const person = await withPasskey();
    for (let i = 0; i < 4; i += 1)
      await assert.rejects(person.signIn({ origin: "https://phish.test" }), refused);
    await assert.rejects(person.signIn({ origin: "https://phish.test" }), {
      code: "account_locked",
    });
    await assert.rejects(person.signIn(), { code: "account_locked" });
    const locked = await searchAudit(platform.ctx.db, {
      targetId: person.user.id,
      action: "identity.account_locked",
      limit: 5,
    });
    assert.equal(locked.length, 1);
    assert.equal(locked[0]!.details.reason, "second_factor");
  });

  it("refuses anonymous callers on every passkey route", async () => {
    const id = "0197aaaa-0000-7000-8000-000000000000";
    const response = {
      id: "AA",
      rawId: "AA",
      type: "public-key",
      response: { clientDataJSON: "AA", attestationObject: "AA" },
      clientExtensionResults: {},
    };
    const routes: [string, string, object?][] = [
      ["GET", PASSKEYS],
      ["POST", `${PASSKEYS}/registration-options`],
      ["POST", `${PASSKEYS}/assertion-options`],
      ["POST", PASSKEYS, { name: "x", response }],
      ["PATCH", `${PASSKEYS}/${id}`, { name: "x" }],
      ["DELETE", `${PASSKEYS}/${id}`, { code: "123456" }],
    ];
    for (const [method, url, payload] of routes)
      for (const headers of [{}, { authorization: "Bearer lt_pat_forged" }]) {
        const answer = await platform.app.inject({
          method: method as "GET",
          url,
          headers,
          ...(payload ? { payload } : {}),
        });
        assert.equal(answer.statusCode, 401, `${method} ${url}: ${answer.body}`);
      }
  });

  it("keeps the ceremonies to a browser session with its CSRF token", async () => {
    const person = await createTestUser(platform, { organizationId: orgId, roles: ["clerk"] });
    const url = `${PASSKEYS}/registration-options`;
    const byToken = await platform.app.inject({ method: "POST", url, headers: person.bearer });
    assert.equal(byToken.statusCode, 422, "an API token has no session to bind a challenge to");
    const { cookie, csrfToken } = await person.signIn();
    const noCsrf = await platform.app.inject({ method: "POST", url, headers: { cookie } });
    assert.equal(noCsrf.statusCode, 403);
    const right = await platform.app.inject({
      method: "POST",
      url,
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    assert.equal(right.statusCode, 200, right.body);
  });

  it("does not let one person see, rename or remove another's passkey", async () => {
    const alice = await withPasskey();
    const bob = await createTestUser(platform, { organizationId: orgId, roles: ["org_admin"] });
    const [alicesKey] = (await platform.app.inject({ url: PASSKEYS, headers: alice.bearer })).json()
      .items;
    const bobs = await platform.app.inject({ url: PASSKEYS, headers: bob.bearer });
    assert.deepEqual(bobs.json().items, []);
    const rename = await platform.app.inject({
      method: "PATCH",
      url: `${PASSKEYS}/${alicesKey.id}`,
      headers: bob.bearer,
      payload: { name: "stolen" },
    });
    assert.equal(rename.statusCode, 404);
    const remove = await platform.app.inject({
      method: "DELETE",
      url: `${PASSKEYS}/${alicesKey.id}`,
      headers: bob.bearer,
      payload: { code: "123456" },
    });
    assert.equal(remove.statusCode, 404);
    const still = await platform.app.inject({ url: PASSKEYS, headers: alice.bearer });
    assert.equal(still.json().items[0].name, "Khóa thử");
  });

  it("offers passkeys only when PUBLIC_URL names a domain", () => {
    assert.equal(relyingParty({ publicUrl: "http://127.0.0.1:3000" }), undefined);
    assert.equal(relyingParty({ publicUrl: "http://[::1]:3000" }), undefined);
    assert.deepEqual(relyingParty({ publicUrl: "http://localhost:8080" }), {
      id: "localhost",
      origin: "http://localhost:8080",
    });
    assert.deepEqual(relyingParty({ publicUrl: "https://sso.bonoivu.gov.vn/" }), {
      id: "sso.bonoivu.gov.vn",
      origin: "https://sso.bonoivu.gov.vn",
    });
  });
});
