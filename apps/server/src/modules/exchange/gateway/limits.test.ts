import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { RateLimiter } from "./rate-limiter.ts";

describe("RateLimiter", () => {
  it("lets a minute's allowance through, then refills continuously", () => {
    let now = Date.UTC(2026, 10, 28, 3, 0, 0);
    const limiter = new RateLimiter({ defaultPerMinute: 600, now: () => now });
    const limits = { perMinute: 60, dailyQuota: null };
    for (let i = 0; i < 60; i += 1) assert.deepEqual(limiter.take("a", limits), { allowed: true });
    const refused = limiter.take("a", limits);
    assert.deepEqual(refused, {
      allowed: false,
      reason: "rate_limited",
      retryAfterSeconds: 1,
      limit: 60,
    });
    assert.equal(limiter.take("b", limits).allowed, true, "another key has its own bucket");
    now += 1000;
    assert.equal(limiter.take("a", limits).allowed, true);
    assert.equal(limiter.take("a", limits).allowed, false);
  });

  it("uses the default limit when the right names none", () => {
    const limiter = new RateLimiter({ defaultPerMinute: 2, now: () => 0 });
    const limits = { perMinute: null, dailyQuota: null };
    assert.equal(limiter.take("a", limits).allowed, true);
    assert.equal(limiter.take("a", limits).allowed, true);
    assert.equal(limiter.take("a", limits).allowed, false);
  });

  it("counts the daily quota per calendar day in Vietnam (UTC+7)", () => {
    // 16:59:00 UTC is 23:59 in Hanoi; the day turns at 17:00 UTC.
    let now = Date.UTC(2026, 10, 28, 16, 59, 0);
    const limiter = new RateLimiter({ defaultPerMinute: 600, now: () => now });
    const limits = { perMinute: 1000, dailyQuota: 2 };
    assert.equal(limiter.take("a", limits).allowed, true);
    assert.equal(limiter.take("a", limits).allowed, true);
    assert.deepEqual(limiter.take("a", limits), {
      allowed: false,
      reason: "quota_exceeded",
      retryAfterSeconds: 60,
      limit: 2,
    });
    now = Date.UTC(2026, 10, 28, 17, 0, 0);
    assert.equal(limiter.take("a", limits).allowed, true, "a new day in Hanoi");
  });

  it("does not use quota on a call refused by the rate limit", () => {
    let now = 0;
    const limiter = new RateLimiter({ defaultPerMinute: 600, now: () => now });
    const limits = { perMinute: 1, dailyQuota: 2 };
    assert.equal(limiter.take("a", limits).allowed, true);
    assert.equal(limiter.take("a", limits).allowed, false);
    now += 60_000;
    assert.equal(limiter.take("a", limits).allowed, true, "second call of the quota");
  });

  it("sweeps idle keys when the table grows", () => {
    let now = 0;
    const limiter = new RateLimiter({ defaultPerMinute: 1, now: () => now, sweepAbove: 2 });
    const limits = { perMinute: 1, dailyQuota: null };
    limiter.take("a", limits);
    limiter.take("b", limits);
    now += 60_000;
    limiter.take("c", limits);
    // "a" was swept and starts with a full bucket; it still works as a new key.
    assert.equal(limiter.take("a", limits).allowed, true);
  });
});

describe("CircuitBreaker", () => {
  it("opens after consecutive failures, half-opens for one probe, closes on success", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 10_000, now: () => now });
    breaker.fail("s", false);
    breaker.fail("s", false);
    breaker.succeed("s");
    breaker.fail("s", false);
    breaker.fail("s", false);
    assert.equal(breaker.state("s"), "closed", "a success in between starts the count again");
    breaker.fail("s", false);
    assert.equal(breaker.state("s"), "open");
    assert.deepEqual(breaker.enter("s"), { allowed: false, retryAfterSeconds: 10 });
    assert.deepEqual(breaker.enter("other"), { allowed: true, probe: false });
    now = 10_000;
    assert.equal(breaker.state("s"), "half_open");
    assert.deepEqual(breaker.enter("s"), { allowed: true, probe: true });
    assert.deepEqual(breaker.enter("s"), { allowed: false, retryAfterSeconds: 1 });
    breaker.succeed("s");
    assert.equal(breaker.state("s"), "closed");
    assert.deepEqual(breaker.enter("s"), { allowed: true, probe: false });
  });

  it("reopens on a failed probe, and frees the probe when the consumer leaves", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 1000, now: () => now });
    breaker.fail("s", false);
    now = 1000;
    const probe = breaker.enter("s");
    assert.deepEqual(probe, { allowed: true, probe: true });
    breaker.fail("s", true);
    assert.equal(breaker.state("s"), "open");
    now = 2000;
    assert.deepEqual(breaker.enter("s"), { allowed: true, probe: true });
    breaker.release("s", true);
    assert.deepEqual(breaker.enter("s"), { allowed: true, probe: true });
  });
});
