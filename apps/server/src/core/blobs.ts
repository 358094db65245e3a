import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { AppError } from "./errors.ts";

/** A stored blob: its SHA-256 (lower-case hex), which is also its name, and its size in bytes. */
export type BlobRef = { sha256: string; size: number };

export type BlobStore = {
  /**
   * Stores bytes and returns their digest. The bytes are hashed while they are written to a
   * temporary file, which is fsynced and renamed into place, and the directory fsynced: once
   * `put` resolves the blob survives a crash. Storing the same bytes twice keeps one copy.
   * Refuses (`payload_too_large`, nothing kept) a body larger than `maxBytes`.
   */
  put(
    source: Uint8Array | AsyncIterable<Uint8Array>,
    options?: { maxBytes?: number },
  ): Promise<BlobRef>;
  /** The whole blob in memory; for blobs known to be small (a signed PDF, a package). */
  read(sha256: string): Promise<Buffer>;
  /** A stream of the blob. */
  open(sha256: string): Readable;
  has(sha256: string): boolean;
  /** Where the blob lives on disk (for tools that want a path, such as `pdfsig`). */
  pathOf(sha256: string): string;
};

const SHA256 = /^[0-9a-f]{64}$/;

function fsyncDirectory(dir: string) {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Content-addressed blobs on local disk under `dir` (`DATA_DIR/blobs` by default): attachments,
 * signed PDFs, edXML packages. Every file is named by its SHA-256, in two levels of folders
 * (`ab/cd/abcd…`), so a blob never changes once written and a digest recorded in the database
 * names exactly one content.
 */
export function createBlobStore(dir: string): BlobStore {
  const tmpDir = path.join(dir, "tmp");
  fs.mkdirSync(tmpDir, { recursive: true });

  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256))
      throw new AppError("validation_failed", {
        detail: { vi: "Mã băm tệp không hợp lệ.", en: "Not a SHA-256 digest." },
      });
    return path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  async function put(
    source: Uint8Array | AsyncIterable<Uint8Array>,
    options: { maxBytes?: number } = {},
  ): Promise<BlobRef> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const hash = createHash("sha256");
    let size = 0;
    const handle = await fs.promises.open(tmp, "wx");
    try {
      const chunks = source instanceof Uint8Array ? [source] : source;
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes)
          throw new AppError("payload_too_large", {
            detail: {
              vi: `Tệp vượt quá giới hạn ${maxBytes} byte.`,
              en: `The file is larger than the limit of ${maxBytes} bytes.`,
            },
          });
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      fs.rmSync(tmp, { force: true });
      throw error;
    }
    await handle.close();
    const sha256 = hash.digest("hex");
    const target = pathOf(sha256);
    if (fs.existsSync(target)) {
      fs.rmSync(tmp, { force: true });
      return { sha256, size };
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(tmp, target);
    fsyncDirectory(path.dirname(target));
    return { sha256, size };
  }

  const missing = (sha256: string) =>
    new AppError("not_found", {
      detail: { vi: `Không tìm thấy tệp ${sha256}.`, en: `Blob ${sha256} not found.` },
    });

  return {
    put,
    async read(sha256) {
      try {
        return await fs.promises.readFile(pathOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw missing(sha256);
        throw error;
      }
    },
    open(sha256) {
      const file = pathOf(sha256);
      if (!fs.existsSync(file)) throw missing(sha256);
      return fs.createReadStream(file);
    },
    has: (sha256) => fs.existsSync(pathOf(sha256)),
    pathOf,
  };
}

const stores = new Map<string, BlobStore>();

/** The platform's blob store under `DATA_DIR/blobs`, one per directory per process. */
export function blobStoreFor(config: { dataDir: string; blobDir?: string | undefined }): BlobStore {
  const dir = config.blobDir ?? path.join(config.dataDir, "blobs");
  let store = stores.get(dir);
  if (!store) {
    store = createBlobStore(dir);
    stores.set(dir, store);
  }
  return store;
}
