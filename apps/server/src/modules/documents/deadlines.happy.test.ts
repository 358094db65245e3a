import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Actor } from "../../core/actor.ts";
import { isAppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { listDeadlines, listMyTasks } from "./deadlines.ts";
import { assignedDocument, createStaff, type AssignedDocument } from "./deadlines-testing.ts";
import { completeIncoming } from "./incoming-actions.ts";

const refused = (code: string) => (error: unknown) => isAppError(error) && error.code === code;
/** 23:59:59 on 1 December 2099 in Vietnam (UTC+7), and the next second, 2 December. */
const LAST_SECOND_OF_DEC_1 = new Date("2099-12-01T16:59:59Z");
const FIRST_SECOND_OF_DEC_2 = new Date("2099-12-01T17:00:00Z");

describe("documents: deadlines (hạn xử lý) of incoming documents", () => {
  let platform: Platform;
  let ours: Organization;
  let unit: Organization;
  let sender: Organization;
  let other: Organization;
  let clerk: Actor;
  let leader: Actor;
  let anh: Actor & { kind: "user" };
  let binh: Actor & { kind: "user" };
  let unitPerson: Actor;
  let unitLeader: Actor;
  let outsider: Actor;
  const docs: Record<string, AssignedDocument> = {};

  type ListOptions = Parameters<typeof listDeadlines>[0];
  const ids = async (
    list: (o: ListOptions) => Promise<{ items: { id: string }[] }>,
    options: Omit<ListOptions, "db" | "limit"> & { limit?: number },
  ) => {
    const page = await list({ db: platform.ctx.db, limit: 50, ...options });
    const names = Object.fromEntries(Object.entries(docs).map(([name, d]) => [d.id, name]));
    return page.items.map((item) => names[item.id] ?? "other");
  };

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    const db = platform.ctx.db;
    ours = await createTestOrganization(db, { shortName: "BNV", name: "Bộ Nội vụ hạn xử lý" });
    unit = await createTestOrganization(db, {
      shortName: "VTCCB",
      name: "Vụ Tổ chức cán bộ",
      parentId: ours.id,
    });
    sender = await createTestOrganization(db, { shortName: "UBND", name: "UBND tỉnh gửi" });
    other = await createTestOrganization(db, { shortName: "BTC", name: "Bộ khác" });
    clerk = await createStaff(platform, ours, ["clerk"]);
    leader = await createStaff(platform, ours, ["leader"]);
    anh = await createStaff(platform, ours, ["specialist"]);
    binh = await createStaff(platform, ours, ["specialist"]);
    unitPerson = await createStaff(platform, unit, ["specialist"]);
    unitLeader = await createStaff(platform, unit, ["leader"]);
    outsider = await createStaff(platform, other, ["leader", "clerk"]);
    const assign = (
      name: string,
      urgency: Parameters<typeof assignedDocument>[1]["urgency"],
      assignment: Parameters<typeof assignedDocument>[1]["assignment"],
      secret = false,
    ) =>
      assignedDocument(platform, {
        sender,
        to: ours,
        clerk,
        leader,
        urgency,
        assignment,
        secret,
      }).then((d) => {
        docs[name] = d;
      });
    await assign("normal-dec5", "normal", { mainUserId: anh.userId, dueDate: "2099-12-05" });
    await assign("henGio-dec20", "hoa_toc_hen_gio", {
      mainUserId: anh.userId,
      dueDate: "2099-12-20",
    });
    await assign("khan-dec1-co", "khan", {
      mainUserId: binh.userId,
      coHandlerIds: [anh.userId],
      dueDate: "2099-12-01",
    });
    await assign("khan-dec3", "khan", { mainUserId: anh.userId, dueDate: "2099-12-03" });
    await assign("normal-undated", "normal", { mainUserId: anh.userId });
    await assign("hoaToc-unit", "hoa_toc", { mainUnitId: unit.id, dueDate: "2099-12-05" });
    await assign(
      "hoaToc-unit-secret",
      "hoa_toc",
      { mainUnitId: unit.id, dueDate: "2099-12-06" },
      true,
    );
  });
  after(() => platform.stop());

  it("orders a person's tasks by urgency, Hỏa tốc hẹn giờ first, then by due date, undated last", async () => {
    assert.deepEqual(await ids(listMyTasks, { actor: anh }), [
      "henGio-dec20",
      "khan-dec1-co",
      "khan-dec3",
      "normal-dec5",
      "normal-undated",
    ]);
    assert.deepEqual(await ids(listMyTasks, { actor: binh }), ["khan-dec1-co"]);
  });

  it("pages with a cursor through the same order, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listMyTasks({ db: platform.ctx.db, actor: anh, limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 3);
    const all = await listMyTasks({ db: platform.ctx.db, actor: anh, limit: 50 });
    assert.deepEqual(
      seen,
      all.items.map((i) => i.id),
    );
    await assert.rejects(
      listMyTasks({ db: platform.ctx.db, actor: anh, limit: 2, cursor: "bm90LWEta2V5" }),
      refused("validation_failed"),
    );
  });

  it("due soon and overdue turn at midnight in Vietnam, not in UTC", async () => {
    assert.deepEqual(
      await ids(listMyTasks, { actor: anh, filter: "due_soon", now: LAST_SECOND_OF_DEC_1 }),
      ["khan-dec1-co", "khan-dec3"],
      "due today is due soon, not overdue; 5 December is beyond three days",
    );
    assert.deepEqual(
      await ids(listMyTasks, { actor: anh, filter: "overdue", now: LAST_SECOND_OF_DEC_1 }),
      [],
    );
    assert.deepEqual(
      await ids(listMyTasks, {
        actor: anh,
        filter: "due_soon",
        now: LAST_SECOND_OF_DEC_1,
        days: 4,
      }),
      ["khan-dec1-co", "khan-dec3", "normal-dec5"],
    );
    assert.deepEqual(
      await ids(listMyTasks, { actor: anh, filter: "overdue", now: FIRST_SECOND_OF_DEC_2 }),
      ["khan-dec1-co"],
    );
    assert.deepEqual(
      await ids(listMyTasks, { actor: anh, filter: "due_soon", now: FIRST_SECOND_OF_DEC_2 }),
      ["khan-dec3", "normal-dec5"],
    );
    const page = await listMyTasks({
      db: platform.ctx.db,
      actor: anh,
      filter: "all_open",
      now: FIRST_SECOND_OF_DEC_2,
      limit: 50,
    });
    const states = Object.fromEntries(
      page.items.map((i) => [i.id, [i.deadline.state, i.deadline.daysLeft]]),
    );
    assert.deepEqual(states[docs["khan-dec1-co"]!.id], ["overdue", -1]);
    assert.deepEqual(states[docs["normal-dec5"]!.id], ["due_soon", 3]);
    assert.deepEqual(states[docs["henGio-dec20"]!.id], ["later", 18]);
    assert.deepEqual(states[docs["normal-undated"]!.id], ["none", null]);
    const coHandled = page.items.find((i) => i.id === docs["khan-dec1-co"]!.id)!;
    assert.equal(coHandled.handling?.mainUser?.id, binh.userId);
    assert.deepEqual(
      coHandled.handling?.coHandlers.map((c) => c.id),
      [anh.userId],
    );
  });

  it("a unit's work shows to its people; a secret one only to its leader", async () => {
    assert.deepEqual(await ids(listMyTasks, { actor: unitPerson }), ["hoaToc-unit"]);
    assert.deepEqual(await ids(listMyTasks, { actor: unitLeader }), [
      "hoaToc-unit",
      "hoaToc-unit-secret",
    ]);
  });

  it("leaders and clerks see the organization's and each unit's deadlines; others do not", async () => {
    const all = await ids(listDeadlines, { actor: leader });
    assert.deepEqual(all, [
      "henGio-dec20",
      "hoaToc-unit",
      "hoaToc-unit-secret",
      "khan-dec1-co",
      "khan-dec3",
      "normal-dec5",
      "normal-undated",
    ]);
    assert.deepEqual(await ids(listDeadlines, { actor: clerk, organizationId: ours.id }), all);
    assert.deepEqual(await ids(listDeadlines, { actor: leader, unitId: unit.id }), [
      "hoaToc-unit",
      "hoaToc-unit-secret",
    ]);
    await assert.rejects(
      listDeadlines({ db: platform.ctx.db, actor: leader, unitId: other.id, limit: 10 }),
      refused("validation_failed"),
    );
    await assert.rejects(
      listDeadlines({ db: platform.ctx.db, actor: anh, limit: 10 }),
      refused("forbidden"),
    );
  });

  it("a person of another organization sees nothing of ours", async () => {
    assert.deepEqual(await ids(listMyTasks, { actor: outsider }), []);
    assert.deepEqual(await ids(listDeadlines, { actor: outsider }), []);
    await assert.rejects(
      listDeadlines({ db: platform.ctx.db, actor: outsider, organizationId: ours.id, limit: 10 }),
      refused("not_found"),
    );
  });

  it("a document handled to the end leaves the lists; an unknown filter is refused", async () => {
    await completeIncoming(platform.ctx, {
      actor: anh,
      id: docs["normal-dec5"]!.id,
      note: "Đã trả lời bằng công văn.",
    });
    assert.ok(!(await ids(listMyTasks, { actor: anh })).includes("normal-dec5"));
    assert.ok(!(await ids(listDeadlines, { actor: leader })).includes("normal-dec5"));
    await assert.rejects(
      listMyTasks({
        db: platform.ctx.db,
        actor: anh,
        filter: "soon" as "due_soon",
        limit: 10,
      }),
      refused("validation_failed"),
    );
  });
});
