/**
 * Secrets and data at rest: the key file that seals anonymous votes and the built-in database are readable by their
 * owner only, made so before anything is written into them, and the start refuses a key file others can read. The
 * start-up checks run the real `npm start` (src/main.ts) in a scratch working directory.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KeyFileError, loadSecret } from "../src/secrets";
import { openDatabase } from "../src/store/database";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const mode = (file: string) => statSync(file).mode & 0o777;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "teleecho-secrets-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start` in `cwd` with only these variables (and PATH); what it printed, and its exit code. */
async function start(cwd: string, env: Record<string, string>, input = "quit\n") {
  const child = spawn(process.execPath, [TSX, path.join(ROOT, "src", "main.ts")], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, out, err };
}

describe("the key file", () => {
  it("is made on first use with mode 0600 in a 0700 directory, and gives the same key on the next start", () => {
    const file = path.join(dir, "data", "secret.key");
    const key = loadSecret(undefined, file);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(loadSecret(undefined, file)).toBe(key);
    // written to a temporary file and linked into place: nothing is left beside it
    expect(readdirSync(path.dirname(file))).toEqual(["secret.key"]);
  });

  it("is one key for several starts at the same moment, each in its own process", async () => {
    const file = path.join(dir, "data", "secret.key");
    const script = `const { loadSecret } = require(${JSON.stringify(path.join(ROOT, "src", "secrets.ts"))}); process.stdout.write(loadSecret(undefined, ${JSON.stringify(file)}));`;
    const keys = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [TSX, "-e", script], { cwd: ROOT });
            let out = "";
            child.stdout.on("data", (c: Buffer) => {
              out += c.toString();
            });
            child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
          }),
      ),
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]?.length).toBeGreaterThanOrEqual(32);
    expect(readdirSync(path.dirname(file))).toEqual(["secret.key"]);
  });

  it("is refused when other users can read it, with the command that fixes it", () => {
    const file = path.join(dir, "secret.key");
    writeFileSync(file, `${"k".repeat(43)}\n`, { mode: 0o600 });
    chmodSync(file, 0o644);
    expect(() => loadSecret(undefined, file)).toThrow(KeyFileError);
    expect(() => loadSecret(undefined, file)).toThrow(
      `${file} can be read by other users of this computer (its mode is 0644). It holds the key that keeps anonymous votes anonymous. Make it private with: chmod 600 ${file}`,
    );
    chmodSync(file, 0o600);
    expect(loadSecret(undefined, file)).toBe("k".repeat(43));
  });

  it("is refused when it holds no usable key", () => {
    const file = path.join(dir, "secret.key");
    writeFileSync(file, "short\n", { mode: 0o600 });
    expect(() => loadSecret(undefined, file)).toThrow(/holds no usable key/);
  });

  it("is not made when TELEECHO_SECRET is set", () => {
    const file = path.join(dir, "data", "secret.key");
    expect(loadSecret("s".repeat(40), file)).toBe("s".repeat(40));
    expect(existsSync(file)).toBe(false);
  });
});

describe("the built-in database file", () => {
  it("is 0600 with its companions, in a 0700 directory, from the first write", async () => {
    const file = path.join(dir, "store", "teleecho.db");
    const database = await openDatabase(`file:${file}`);
    await database.db.seenRequest.create({ data: { id: "r1" } });
    expect(mode(path.dirname(file))).toBe(0o700);
    for (const name of readdirSync(path.dirname(file)))
      expect({ name, mode: mode(path.join(path.dirname(file), name)).toString(8) }).toEqual({ name, mode: "600" });
    expect(readdirSync(path.dirname(file))).toContain("teleecho.db-wal");
    await database.close();
  });

  it("is made private again at start when an older version left it readable", async () => {
    const file = path.join(dir, "teleecho.db");
    await (await openDatabase(`file:${file}`)).close();
    chmodSync(file, 0o644);
    const database = await openDatabase(`file:${file}`);
    expect(mode(file)).toBe(0o600);
    await database.close();
  });
});

describe("npm start", () => {
  it("keeps ./data at 0700, with the key file and the database at 0600", async () => {
    mkdirSync(path.join(dir, "data"), { mode: 0o755 });
    chmodSync(path.join(dir, "data"), 0o755);
    const { code, out } = await start(dir, {});
    expect(code).toBe(0);
    expect(out).toContain("Bye.");
    expect(mode(path.join(dir, "data"))).toBe(0o700);
    expect(mode(path.join(dir, "data", "secret.key"))).toBe(0o600);
    expect(mode(path.join(dir, "data", "teleecho.db"))).toBe(0o600);
  });

  it("stops with a clear message when the key file can be read by others", async () => {
    mkdirSync(path.join(dir, "data"), { mode: 0o700 });
    writeFileSync(path.join(dir, "data", "secret.key"), `${"k".repeat(43)}\n`);
    chmodSync(path.join(dir, "data", "secret.key"), 0o644);
    const { code, err } = await start(dir, {});
    expect(code).toBe(1);
    expect(err.trim()).toBe(
      "data/secret.key can be read by other users of this computer (its mode is 0644). It holds the key that keeps anonymous votes anonymous. Make it private with: chmod 600 data/secret.key",
    );
  });

  it("reads ./.env, where the environment's own variables win, and refuses PostgreSQL without TELEECHO_SECRET", async () => {
    writeFileSync(path.join(dir, ".env"), "DATABASE_URL=postgresql://teleecho@127.0.0.1:1/none\nLOG_LEVEL=verbose\n");
    const refused = await start(dir, { LOG_LEVEL: "warn" });
    expect(refused.code).toBe(1);
    expect(refused.err.trim()).toBe(
      "The configuration is not valid:\n- TELEECHO_SECRET is required with PostgreSQL: set the same value (32 characters or more) on every copy of the bot, or anonymous votes cannot be counted",
    );
    expect(existsSync(path.join(dir, "data"))).toBe(false);
  });
});
