#!/usr/bin/env node
// Runs every *.test.ts with Node's test runner (through tsx). `--e2e` runs the browser tests in
// tests/e2e instead. Extra arguments are passed as file filters: `npm test -- directory`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const e2e = args.includes("--e2e");
const filters = args.filter((a) => !a.startsWith("--"));
const roots = e2e
  ? ["tests/e2e"]
  : ["apps/server/src", "apps/web/src", "packages", "scripts", "bench"];

function collect(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (/\.test\.ts$/.test(entry.name)) out.push(path.relative(root, full));
  }
  return out;
}

const files = roots
  .flatMap((r) => collect(path.join(root, r), []))
  .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
  .sort();
if (files.length === 0) {
  console.error("No test files matched.");
  process.exit(1);
}

// Build the migrated template database once, before test files race to build it.
const prepare = spawnSync(
  process.execPath,
  ["--import", "tsx", "apps/server/src/core/testing/prepare.ts"],
  { cwd: root, stdio: "inherit" },
);
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    `--test-concurrency=${e2e ? 1 : 2}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
);
process.exit(result.status ?? 1);
