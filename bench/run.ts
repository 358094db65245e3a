/** Runs every benchmark in bench/ (`npm run bench`, or `npm run bench -- foundation`). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const filters = process.argv.slice(2);
const files = fs
  .readdirSync(import.meta.dirname)
  .filter(
    (f) => f.endsWith(".bench.ts") && (filters.length === 0 || filters.some((x) => f.includes(x))),
  )
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, file)],
    { stdio: "inherit" },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
