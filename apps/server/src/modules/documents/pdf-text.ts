import { spawn } from "node:child_process";
import type { Logger } from "pino";

/** Longest a `pdftotext` run may take; a pathological PDF must not hold a job for long. */
const PDFTOTEXT_TIMEOUT_MS = 30_000;
/** Bytes of `pdftotext` output read before it is stopped: the search keeps far less anyway. */
const MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

type Outcome = { text: string } | { missing: true } | { error: string };

function runPdftotext(file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn("pdftotext", ["-q", "-enc", "UTF-8", file, "-"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => child.kill("SIGKILL"), PDFTOTEXT_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      if (size >= MAX_OUTPUT_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_OUTPUT_BYTES) child.kill("SIGKILL");
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === "ENOENT" ? { missing: true } : { error: error.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      if (code === 0 || size >= MAX_OUTPUT_BYTES) resolve({ text });
      else resolve({ error: signal ? `pdftotext stopped (${signal})` : `pdftotext exit ${code}` });
    });
  });
}

async function libpdfText(bytes: Uint8Array): Promise<string> {
  const { PDF } = await import("@libpdf/core");
  const pdf = await PDF.load(bytes);
  return pdf
    .extractText()
    .map((page) => page.text)
    .join("\n");
}

let pdftotextMissing = false;

/**
 * The text of a PDF: Poppler's `pdftotext` when installed (fast, and the reference for Vietnamese
 * fonts), else `@libpdf/core`'s extraction. A PDF without a text layer (a scan) or one neither can
 * read gives "" and a log line: search then knows the document by its metadata only.
 */
export async function extractPdfText(options: {
  path: string;
  read: () => Promise<Uint8Array>;
  log: Logger;
}): Promise<string> {
  if (!pdftotextMissing) {
    const outcome = await runPdftotext(options.path);
    if ("text" in outcome) return outcome.text;
    if ("error" in outcome) {
      options.log.warn({ file: options.path, reason: outcome.error }, "PDF text not extracted");
      return "";
    }
    pdftotextMissing = true;
    options.log.info("pdftotext not installed; PDF text extracted with @libpdf/core");
  }
  try {
    return await libpdfText(await options.read());
  } catch (error) {
    options.log.warn(
      { file: options.path, reason: (error as Error).message },
      "PDF text not extracted",
    );
    return "";
  }
}
