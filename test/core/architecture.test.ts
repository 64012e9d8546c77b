import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const CORE = path.resolve(__dirname, "..", "..", "src", "core");
const FORBIDDEN = [/^@slack\//, /^botbuilder/, /^@prisma\//, /^node-cron$/, /^express$/, /^pg$/, /^better-sqlite3$/];
const ADAPTER_DIRS = ["slack", "teams", "shell", "scheduler", "store"];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [path.join(dir, entry.name)]
        : [],
  );
}

function imports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(
    /(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g,
  ))
    found.push((m[1] ?? m[2] ?? m[3]) as string);
  return found;
}

describe("the core's boundaries", () => {
  const sources = files(CORE);

  it("finds the core's source files", () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it.each(sources.map((f) => [path.relative(CORE, f), f]))(
    "%s imports no platform SDK, Prisma, node-cron or adapter",
    (_name, file) => {
      const bad = imports(readFileSync(file, "utf8")).filter((spec) => {
        if (FORBIDDEN.some((re) => re.test(spec))) return true;
        if (!spec.startsWith(".")) return false;
        const target = path.resolve(path.dirname(file), spec);
        return !target.startsWith(CORE) || ADAPTER_DIRS.some((d) => target.includes(`${path.sep}src${path.sep}${d}`));
      });
      expect(bad).toEqual([]);
    },
  );

  it("recognises a forbidden import when it sees one", () => {
    expect(imports(`import { App } from "@slack/bolt";\nconst x = require("node-cron");`)).toEqual([
      "@slack/bolt",
      "node-cron",
    ]);
  });
});
