// Repairs known defects in installed dependencies; runs after every `npm install` / `npm ci`.
//
// Each repair names the exact text it replaces. When a dependency update changes that text the
// script fails the install, so whoever updates the dependency looks at the defect again instead of
// silently shipping without the repair.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

const repairs = [
  {
    module: "@libpdf/core",
    file: "dist/index.mjs",
    why:
      "The PDF tokenizer returns an empty keyword without moving on when it meets a stray ')', '{' " +
      "or '}'. In lenient parsing a dictionary then skips that token forever and fills memory, so one " +
      "flipped byte in a received PDF stops the process. The repair consumes the byte.",
    find: `	readKeyword(position) {
		const start = this.scanner.position;
		while (isRegularChar(this.scanner.peek())) this.scanner.advance();
		return {`,
    replace: `	readKeyword(position) {
		const start = this.scanner.position;
		while (isRegularChar(this.scanner.peek())) this.scanner.advance();
		if (this.scanner.position === start) this.scanner.advance();
		return {`,
  },
  {
    module: "oidc-provider",
    file: "lib/helpers/als.js",
    why:
      "The provider keeps each request's context in one AsyncLocalStorage, entered for every request " +
      "it serves and never left. On Node 20 an entered AsyncLocalStorage turns on async hooks for the " +
      "whole process, so from the first sign-in on every promise and socket of every request pays " +
      "for them — about a tenth of the token endpoint's fast path, which never enters the provider. " +
      "The repair leaves the storage once no request of the provider is running; the next request " +
      "enters it again. Nothing reads the provider's context outside a request it is serving.",
    find: `export default new AsyncLocalStorage();`,
    replace: `const als = new AsyncLocalStorage();
let running = 0;
const settle = () => {
  running -= 1;
  if (running === 0) als.disable();
};
const run = als.run.bind(als);
als.run = (store, callback, ...args) => {
  running += 1;
  let result;
  try {
    result = run(store, callback, ...args);
  } catch (error) {
    settle();
    throw error;
  }
  if (typeof result?.then === "function") result.then(settle, settle);
  else settle();
  return result;
};

export default als;`,
  },
];

let failed = false;
for (const repair of repairs) {
  let packageJson;
  try {
    packageJson = require.resolve(`${repair.module}/package.json`);
  } catch {
    continue; // not installed (e.g. a partial install); nothing to repair
  }
  const path = join(dirname(packageJson), repair.file);
  const text = readFileSync(path, "utf8");
  if (text.includes(repair.replace)) continue;
  const at = text.indexOf(repair.find);
  if (at < 0 || text.indexOf(repair.find, at + 1) >= 0) {
    console.error(
      `patch-dependencies: ${repair.module}/${repair.file} no longer has the text this repair expects.\n` +
        `  Repair: ${repair.why}\n` +
        `  Check whether the new version still has the defect, then update scripts/patch-dependencies.mjs.`,
    );
    failed = true;
    continue;
  }
  writeFileSync(path, text.slice(0, at) + repair.replace + text.slice(at + repair.find.length));
}
if (failed) process.exit(1);
