import { constants, glob, open } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { GreenlightError } from "../errors";

/** The largest JUnit file read (50 MiB): a bigger one is refused, not read. */
export const MAX_JUNIT_BYTES = 50 * 1024 * 1024;
/** The most files one glob may match (1000): more is refused, not read. */
export const MAX_FILES_PER_GLOB = 1000;

/**
 * Expands file paths and globs (relative to `cwd`) into a sorted list of files. Every pattern must
 * match at least one path and at most MAX_FILES_PER_GLOB; else this throws, naming the pattern.
 */
export async function expandPatterns(patterns: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    let matched = 0;
    for await (const file of glob(pattern, { cwd })) {
      if (++matched > MAX_FILES_PER_GLOB) {
        throw new GreenlightError(
          `test results '${pattern}' matched more than ${MAX_FILES_PER_GLOB} files (the limit)`,
          { hint: "name the JUnit files more narrowly, or merge them into fewer files" },
        );
      }
      files.add(String(file));
    }
    if (matched === 0) unmatched.push(pattern);
  }
  if (unmatched.length) {
    throw new GreenlightError(
      `no JUnit file matched ${unmatched.map((p) => `'${p}'`).join(", ")} (in ${cwd})`,
      { hint: "check that the test job wrote its results and that the artifact was downloaded here" },
    );
  }
  return [...files].sort();
}

/**
 * Reads one JUnit file as UTF-8: a regular file of at most MAX_JUNIT_BYTES (checked on the opened
 * file, so a file swapped after the glob is checked too; one that grows while read is refused).
 */
export async function readJunitFile(file: string, cwd = process.cwd()): Promise<string> {
  const path = isAbsolute(file) ? file : join(cwd, file);
  // O_NONBLOCK: opening a FIFO does not wait for a writer; the fstat below then refuses it.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new GreenlightError(`test results '${file}' is not a regular file`);
    if (stat.size > MAX_JUNIT_BYTES) throw tooBig(file, stat.size);
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > stat.size) throw new GreenlightError(`test results '${file}' grew while it was read`);
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    await handle.close();
  }
}

function tooBig(file: string, size: number): GreenlightError {
  return new GreenlightError(
    `test results '${file}' is ${size} bytes, over the limit of ${MAX_JUNIT_BYTES} (50 MiB)`,
    { hint: "split the results into several files, or leave out captured output (system-out)" },
  );
}
