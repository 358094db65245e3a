#!/usr/bin/env node
// Builds the web app (apps/web/dist) when it is missing or older than its sources, so `npm start`
// on a fresh clone serves the interface without a separate build step. Exits non-zero if the
// build fails.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const web = path.join(root, "apps/web");
const builtIndex = path.join(web, "dist/index.html");
const sources = [
  path.join(web, "src"),
  path.join(web, "index.html"),
  path.join(web, "package.json"),
];

/** Newest modification time (ms) of a file, or of any file below a directory. */
function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const builtAt = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestMtime));
if (builtAt > 0 && builtAt >= changedAt) {
  console.log("Giao diện web đã được build / web app is up to date (apps/web/dist).");
  process.exit(0);
}

console.log(
  builtAt
    ? "Đang build lại giao diện web / rebuilding the web app…"
    : "Đang build giao diện web / building the web app…",
);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["run", "build", "-w", "apps/web"], {
  cwd: root,
  stdio: "inherit",
  shell: process.platform === "win32",
});
if (result.status !== 0) {
  // A build that died half-way may have written index.html; remove it so the next run rebuilds.
  fs.rmSync(builtIndex, { force: true });
  console.error("Build giao diện web thất bại / the web app build failed.");
  process.exit(result.status ?? 1);
}
