/**
 * The Sealer port on node:crypto: AES-256-GCM with a key derived (HKDF-SHA256) from TELEECHO_SECRET and the context,
 * so a sealed choice opens only with this secret and only for the ballot it was sealed for. The secret never goes
 * into the database: without TELEECHO_SECRET a random one is kept in a file beside the embedded database (which is
 * why PostgreSQL, shared by several copies, needs TELEECHO_SECRET: each copy would make its own key).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, linkSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Sealer } from "./core/ports";
import { isOpenToOthers, modeOf, privateDirectory, writeNewPrivateFile } from "./files";

export function createSealer(secret: string): Sealer {
  if (secret.length < 32) throw new Error("TELEECHO_SECRET must be at least 32 characters");
  const key = (context: string) => Buffer.from(hkdfSync("sha256", secret, "teleecho", `seal:${context}`, 32));
  return {
    seal: (context, plaintext) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key(context), iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open: (context, sealed) => {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key(context), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

export const DEFAULT_KEY_FILE = path.join("data", "secret.key");

/** A key file that cannot be used: open to other users, not a file, or holding no key. The message says what to do. */
export class KeyFileError extends Error {}

/**
 * TELEECHO_SECRET, or the key file ./data/secret.key: created on first use (mode 0600, in a 0700 directory, written
 * to a temporary file and linked into place, so a reader never sees half a key and two starts at once share one), and
 * refused at start when others may read it.
 */
export function loadSecret(fromEnv: string | undefined, file = DEFAULT_KEY_FILE): string {
  if (fromEnv) return fromEnv;
  privateDirectory(path.dirname(file), path.resolve(file) === path.resolve(DEFAULT_KEY_FILE));
  if (!existsSync(file)) createKeyFile(file);
  return readKeyFile(file);
}

function readKeyFile(file: string): string {
  if (!statSync(file).isFile()) throw new KeyFileError(`${file} is not a file. Remove it, or set TELEECHO_SECRET.`);
  if (isOpenToOthers(file))
    throw new KeyFileError(
      `${file} can be read by other users of this computer (its mode is ${modeOf(file)}). It holds the key that ` +
        `keeps anonymous votes anonymous. Make it private with: chmod 600 ${file}`,
    );
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32)
    throw new KeyFileError(
      `${file} holds no usable key (it needs 32 characters or more). Remove it to make a new one.`,
    );
  return secret;
}

function createKeyFile(file: string): void {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeNewPrivateFile(temp, `${randomBytes(32).toString("base64url")}\n`);
  try {
    // a hard link never replaces a file: if another start made the key first, theirs is kept and read
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      // a file system without hard links: a rename is still atomic
      if (existsSync(file)) return;
      renameSync(temp, file);
      return;
    }
  } finally {
    rmSync(temp, { force: true });
  }
}
