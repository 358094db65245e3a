import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { vietnamToday } from "../../core/dates.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Actor, Role } from "../../core/actor.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { addDays } from "./deadlines.ts";
import { assignedDocument, type AssignedDocument } from "./deadlines-testing.ts";
import { sendDeadlineReminders } from "./reminders.ts";

type Headers = Record<string, string>;
const BASE = "/api/v1/documents";

describe("documents API: my tasks, deadlines and reminders", () => {
  let platform: Platform;
  let ours: Organization;
  let other: Organization;
  let leader: Headers;
  let specialist: Headers;
  let colleague: Headers;
  let otherLeader: Headers;
  let soon: AssignedDocument;
  let later: AssignedDocument;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    ours = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ API hạn" });
    other = await createTestOrganization(db, { shortName: "STP", name: "Sở khác" });
    const sender = await createTestOrganization(db, { shortName: "VPCP", name: "Văn phòng gửi" });
    /** A real account, as its bearer token (HTTP) and as the actor it is (service calls). */
    const account = async (organization: Organization, roles: Role[]) => {
      const created = await createTestUser(platform, { organizationId: organization.id, roles });
      const actor: Actor = {
        kind: "user",
        userId: created.user.id,
        username: created.user.username,
        displayName: created.user.username,
        organizationId: organization.id,
        roles,
        via: "token",
      };
      return { headers: created.bearer, actor, id: created.user.id };
    };
    const clerkAccount = await account(ours, ["clerk"]);
    const leaderAccount = await account(ours, ["leader"]);
    const specialistAccount = await account(ours, ["specialist"]);
    leader = leaderAccount.headers;
    specialist = specialistAccount.headers;
    colleague = (await account(ours, ["specialist"])).headers;
    otherLeader = (await account(other, ["leader"])).headers;
    const today = vietnamToday();
    const assign = (dueDate: string, urgency: "normal" | "thuong_khan") =>
      assignedDocument(platform, {
        sender,
        to: ours,
        clerk: clerkAccount.actor,
        leader: leaderAccount.actor,
        urgency,
        assignment: {
          mainUserId: specialistAccount.actor.kind === "user" ? specialistAccount.actor.userId : "",
          dueDate,
        },
      });
    soon = await assign(addDays(today, 1), "normal");
    later = await assign(addDays(today, 20), "thuong_khan");
  });
  after(() => platform.stop());

  const get = (url: string, headers: Headers) =>
    platform.app.inject({ method: "GET", url: `${BASE}${url}`, headers });
  const post = (url: string, headers: Headers) =>
    platform.app.inject({ method: "POST", url: `${BASE}${url}`, headers, payload: {} });

  it("GET /tasks lists my documents, Thượng khẩn before Thường, and filters due soon", async () => {
    assert.equal((await get("/tasks", {})).statusCode, 401);
    const all = await get("/tasks", specialist);
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(
      all.json().items.map((i: { id: string }) => i.id),
      [later.id, soon.id],
    );
    const due = await get("/tasks?filter=due_soon", specialist);
    assert.equal(due.statusCode, 200);
    const [item] = due.json().items;
    assert.equal(due.json().items.length, 1);
    assert.equal(item.id, soon.id);
    assert.deepEqual(item.deadline, { state: "due_soon", daysLeft: 1 });
    assert.equal(item.subject, soon.subject);
    const paged = await get("/tasks?limit=1", specialist);
    assert.equal(paged.json().items.length, 1);
    const rest = await get(`/tasks?limit=1&cursor=${paged.json().nextCursor}`, specialist);
    assert.deepEqual(
      rest.json().items.map((i: { id: string }) => i.id),
      [soon.id],
    );
    assert.deepEqual((await get("/tasks", colleague)).json().items, []);
  });

  it("answers a bad filter or cursor with a problem, in the caller's language", async () => {
    const bad = await get("/tasks?filter=soon", specialist);
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(bad.json().code, "validation_failed");
    const cursor = await platform.app.inject({
      method: "GET",
      url: `${BASE}/tasks?cursor=xyz`,
      headers: { ...specialist, "accept-language": "en" },
    });
    assert.equal(cursor.statusCode, 400);
    assert.match(cursor.json().detail, /pagination cursor is not valid/);
    assert.equal((await get("/deadlines?days=-1", leader)).statusCode, 400);
  });

  it("GET /deadlines is for the organization's leaders and clerks only", async () => {
    const listed = await get("/deadlines?filter=all_open", leader);
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      listed.json().items.map((i: { id: string }) => i.id),
      [later.id, soon.id],
    );
    const forbidden = await get("/deadlines", specialist);
    assert.equal(forbidden.statusCode, 403);
    assert.match(forbidden.json().detail, /lãnh đạo, văn thư/);
    assert.equal((await get(`/deadlines?organizationId=${ours.id}`, otherLeader)).statusCode, 404);
    assert.deepEqual((await get("/deadlines", otherLeader)).json().items, []);
    const notUnit = await get(`/deadlines?unitId=${other.id}`, leader);
    assert.equal(notUnit.statusCode, 400);
  });

  it("GET /reminders shows mine, unread first; POST …/read marks one, only mine", async () => {
    const today = vietnamToday();
    await sendDeadlineReminders(platform.ctx, { dueSoonDays: 30 });
    const listed = await get("/reminders", specialist);
    assert.equal(listed.statusCode, 200, listed.body);
    const items = listed.json().items as {
      id: string;
      kind: string;
      day: string;
      document: { id: string; subject: string };
    }[];
    assert.deepEqual(
      items.map((r) => [r.kind, r.day, r.document.id]).sort(),
      [
        ["due_soon", today, later.id],
        ["due_soon", today, soon.id],
      ].sort(),
    );
    const first = items[0]!;
    assert.equal((await post(`/reminders/${first.id}/read`, colleague)).statusCode, 404);
    const read = await post(`/reminders/${first.id}/read`, specialist);
    assert.equal(read.statusCode, 200, read.body);
    assert.ok(Date.parse(read.json().readAt) > 0);
    const again = await get("/reminders", specialist);
    const order = again
      .json()
      .items.map((r: { id: string; readAt: string | null }) => [r.id, r.readAt !== null]);
    assert.deepEqual(order, [
      [items[1]!.id, false],
      [first.id, true],
    ]);
    assert.deepEqual((await get("/reminders", colleague)).json().items, []);
    assert.equal((await post("/reminders/not-a-uuid/read", specialist)).statusCode, 400);
  });

  it("documents the four routes in OpenAPI with Vietnamese and English summaries", async () => {
    const spec = (await platform.app.inject("/api/docs/json")).json() as {
      paths: Record<
        string,
        Record<string, { summary?: string; responses: Record<string, unknown> }>
      >;
    };
    for (const [path, method, words] of [
      ["/api/v1/documents/tasks", "get", /Việc của tôi.* \/ my tasks/],
      ["/api/v1/documents/deadlines", "get", /Hạn xử lý.* \/ an organization's/],
      ["/api/v1/documents/reminders", "get", /Nhắc việc của tôi \/ my reminders/],
      ["/api/v1/documents/reminders/{id}/read", "post", /đã đọc .* \/ mark a reminder read/],
    ] as const) {
      const operation = spec.paths[path]?.[method];
      assert.ok(operation, `${method} ${path} is documented`);
      assert.match(operation.summary ?? "", words);
      assert.ok(operation.responses["200"]);
      assert.ok(operation.responses["4XX"] ?? operation.responses["4xx"], "problem details");
    }
  });
});
