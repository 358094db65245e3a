/**
 * The least a Node.js proxy can do, as the benchmark's gateway host (see `startGatewayHost` in
 * gateway.bench.ts): `node:http` in front, an undici pool with keep-alive behind, the answer's
 * status, type and body passed back, and nothing else — no token, no access check, no limits, no
 * evidence, no header hygiene, no streaming guard. It is not a gateway; it is the ceiling any
 * gateway written for Node on this machine stays under, measured in the same run as ours and
 * nginx.
 */
import http from "node:http";
import { Pool } from "undici";
import type { GatewayHost } from "./gateway.bench.ts";
import { listenOnLoopback } from "./lib.ts";

export async function startGatewayHost({
  upstreams,
}: {
  upstreams: Record<string, string>;
}): Promise<GatewayHost> {
  const pools = new Map(
    Object.entries(upstreams).map(([name, base]) => {
      const url = new URL(base);
      return [name, { pool: new Pool(url.origin, { connections: 64 }), prefix: url.pathname }];
    }),
  );
  const server = http.createServer((req, res) => {
    const url = req.url!;
    const slash = url.indexOf("/", 4);
    const upstream = pools.get(url.slice(4, slash < 0 ? undefined : slash));
    if (!upstream) {
      res.statusCode = 404;
      return void res.end();
    }
    upstream.pool
      .request({
        method: req.method as "GET",
        path: `${upstream.prefix}${slash < 0 ? "" : url.slice(slash)}`,
        body: req.method === "GET" || req.method === "HEAD" ? null : req,
      })
      .then(
        (answer) => {
          const type = answer.headers["content-type"];
          res.writeHead(answer.statusCode, type ? { "content-type": type } : {});
          answer.body.pipe(res);
        },
        () => {
          res.statusCode = 502;
          res.end();
        },
      );
  });
  return listenOnLoopback(server, () =>
    Promise.all([...pools.values()].map(({ pool }) => pool.close())),
  );
}
