/**
 * The Sealer port on node:crypto: AES-256-GCM with a key derived (HKDF-SHA256) from TELEECHO_SECRET and the context,
 * so a sealed choice opens only with this secret and only for the ballot it was sealed for. The secret never goes
 * into the database: without TELEECHO_SECRET a random one is kept in a file beside the embedded database.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Sealer } from "./core/ports";

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

/** TELEECHO_SECRET, or the key file ./data/secret.key (created on first use, readable by its owner only). */
export function loadSecret(fromEnv: string | undefined, file = path.join("data", "secret.key")): string {
  if (fromEnv) return fromEnv;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
