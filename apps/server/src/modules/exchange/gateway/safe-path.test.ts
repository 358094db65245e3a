import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { safeUpstreamPath } from "./safe-path.ts";

/** Characters a path segment may hold without any meaning to a path resolver. */
const plainSegment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/);

describe("safeUpstreamPath", () => {
  it("joins the rest of the gateway path to the base path, query untouched", () => {
    assert.equal(safeUpstreamPath("/citizens/1?x=%2F..", "/api/v1/"), "/api/v1/citizens/1?x=%2F..");
    assert.equal(safeUpstreamPath("", "/api"), "/api");
    assert.equal(safeUpstreamPath("", "/"), "/");
    assert.equal(safeUpstreamPath("/a/", "/"), "/a/");
    assert.equal(safeUpstreamPath("/v%C3%A0o/file.json", "/base"), "/base/v%C3%A0o/file.json");
    assert.equal(safeUpstreamPath("/..a/a..b/...x"), "/..a/a..b/...x");
  });

  it("refuses every way out of the base path", () => {
    for (const rest of [
      "/..",
      "/../etc/passwd",
      "/a/../../b",
      "/./a",
      "/a/.",
      "/%2e%2e/x",
      "/%2E%2e/x",
      "/.%2e/x",
      "/%252e%252e/x",
      "/%25252e%25252e/x",
      "/a%2fb",
      "/a%2F..%2Fb",
      "/a%5cb",
      "/a\\..\\b",
      "/a\\b",
      "/a%00b",
      "/a\u0000b",
      "//evil.example/x",
      "/a//b",
      "/..;/admin",
      "/.../x",
      "/%",
      "/a%zz",
      "relative",
      "/a?x=\u0000",
      "/a#frag",
    ])
      assert.equal(safeUpstreamPath(rest, "/api"), undefined, rest);
  });

  it("keeps any path of plain segments, exactly", () => {
    fc.assert(
      fc.property(fc.array(plainSegment, { maxLength: 6 }), plainSegment, (segments, base) => {
        const rest = segments.map((s) => `/${s}`).join("");
        if (segments.some((s) => /^\.+$/.test(s))) return;
        assert.equal(safeUpstreamPath(rest, `/${base}`), `/${base}${rest}`);
      }),
    );
  });

  it("never yields a path that resolves outside the base path, whatever the input", () => {
    const tricky = fc.constantFrom(
      ".",
      "..",
      "%2e",
      "%2E",
      "%2f",
      "%5c",
      "%25",
      "%00",
      "/",
      "\\",
      ";",
      "a",
      "b",
      "%",
      "2e",
      "?",
    );
    const input = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(tricky, { maxLength: 14 }).map((parts) => `/${parts.join("")}`),
    );
    fc.assert(
      fc.property(input, (rest) => {
        const path = safeUpstreamPath(rest, "/api/v1");
        if (path === undefined) return;
        assert.ok(path.startsWith("/api/v1"));
        // Resolve as a WHATWG URL parser does (dot segments, %2e included), decoding as
        // many times as an upstream might: the path stays below the base.
        let resolved = new URL(path, "http://provider.example").pathname;
        for (let level = 0; level < 3; level += 1) {
          assert.ok(
            resolved === "/api/v1" || resolved.startsWith("/api/v1/"),
            `${rest} → ${resolved}`,
          );
          let decoded: string;
          try {
            decoded = decodeURIComponent(resolved);
          } catch {
            break;
          }
          if (decoded === resolved) break;
          resolved = new URL(decoded.replace(/\\/g, "/"), "http://provider.example").pathname;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses a path whenever a traversal segment is inserted anywhere", () => {
    const dots = fc.constantFrom("..", ".", "%2e%2e", "%2e", ".%2E", "%252e%252e", "..;x");
    fc.assert(
      fc.property(
        fc.array(plainSegment, { maxLength: 5 }),
        dots,
        fc.nat(5),
        (segments, dot, at) => {
          const parts = [...segments];
          parts.splice(Math.min(at, parts.length), 0, dot);
          assert.equal(safeUpstreamPath(parts.map((s) => `/${s}`).join("")), undefined);
        },
      ),
    );
  });
});
