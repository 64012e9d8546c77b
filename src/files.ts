/**
 * Files at rest: the built-in database and the key file hold health data and the key that seals anonymous votes, so
 * they are readable by their owner only (mode 0600), in a directory only the owner can enter (0700). On Windows,
 * where file modes do not apply, these are left to the folder's access rules.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";

const POSIX = process.platform !== "win32";

/** Whether this process's user owns the file (always true where there are no user ids). */
const ours = (file: string) =>
  !POSIX || typeof process.getuid !== "function" || statSync(file).uid === process.getuid();

/** "0644" */
export const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8).padStart(4, "0");

/** Whether others than the owner may read, write or enter it. */
export const isOpenToOthers = (file: string) => POSIX && (statSync(file).mode & 0o077) !== 0;

/**
 * Makes the directory (and any parent missing) with mode 0700. `tighten`: also set an existing directory to 0700 when
 * it is ours (the bot's own ./data); a directory someone else chose is only created, never changed.
 */
export function privateDirectory(dir: string, tighten: boolean): void {
  const existed = existsSync(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX && (tighten || !existed) && ours(dir) && isOpenToOthers(dir)) chmodSync(dir, 0o700);
}

/** Creates the file empty with mode 0600 if it is missing, and sets it to 0600 if it is ours and open to others. */
export function privateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  if (POSIX && ours(file) && isOpenToOthers(file)) chmodSync(file, 0o600);
}

/** Writes a new file with mode 0600 and flushes it to disk; fails if the file exists. */
export function writeNewPrivateFile(file: string, content: string | Uint8Array): void {
  const fd = openSync(file, "wx", 0o600);
  try {
    writeSync(fd, typeof content === "string" ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
