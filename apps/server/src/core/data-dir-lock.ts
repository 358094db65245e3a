import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "./config.ts";

/**
 * Only one process may open an embedded database. The first takes `DATA_DIR/lienthong.lock`
 * (created exclusively, holding its pid); a second process refuses to start instead of
 * corrupting data. A lock left by a dead process is taken over.
 */
export type DataDirLock = { release(): void };

export function lockFilePath(dataDir: string) {
  return path.join(dataDir, "lienthong.lock");
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  const file = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = fs.openSync(file, "wx", 0o600);
      fs.writeSync(
        fd,
        JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }),
      );
      fs.closeSync(fd);
      return {
        release() {
          const holder = readHolder(file);
          if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(file);
      if (holder && isAlive(holder.pid) && holder.pid !== process.pid) {
        throw new ConfigError(
          `Another Liên Thông process (pid ${holder.pid}, ${holder.purpose}) is using the embedded database in ${dataDir}. ` +
            `Stop it first, or use the running server through the CLI (it forwards commands to it), or set DATA_DIR to another directory.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new ConfigError(`Could not lock ${file}; remove it if no Liên Thông process is running.`);
}

function readHolder(file: string): { pid: number; purpose: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number; purpose: string };
  } catch {
    return undefined;
  }
}

/** Where a running server tells the CLI its address and its control token (file mode 0600). */
export type ServerInfo = { pid: number; url: string; controlToken: string };

export function serverInfoPath(dataDir: string) {
  return path.join(dataDir, "server.json");
}

export function writeServerInfo(dataDir: string, url: string): ServerInfo {
  const info: ServerInfo = {
    pid: process.pid,
    url,
    controlToken: randomBytes(32).toString("base64url"),
  };
  const file = serverInfoPath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  fs.renameSync(temp, file);
  return info;
}

/** The running server's info, or undefined when none is running for this data directory. */
export function readServerInfo(dataDir: string): ServerInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(serverInfoPath(dataDir), "utf8")) as ServerInfo;
    return isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function removeServerInfo(dataDir: string) {
  const info = readServerInfo(dataDir);
  if (!info || info.pid === process.pid) fs.rmSync(serverInfoPath(dataDir), { force: true });
}
