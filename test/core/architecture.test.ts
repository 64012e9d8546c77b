import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/** Resolves a relative import of `from` to a source file of the core, or undefined when it is not one. */
function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base])
    if (candidate.endsWith(".ts") && existsSync(candidate)) return candidate;
  return undefined;
}

/** Every cycle of the graph, each as the files along it (strongly connected components of more than one file). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    on.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (on.has(next)) low.set(node, Math.min(low.get(node) as number, order.get(next) as number));
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      for (;;) {
        const top = stack.pop() as string;
        on.delete(top);
        component.push(top);
        if (top === node) break;
      }
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}

describe("the core's import graph", () => {
  it("has no import cycles, counting type-only imports", () => {
    const graph = new Map(
      files(CORE).map((file) => [
        file,
        imports(readFileSync(file, "utf8")).flatMap((spec) => resolve(file, spec) ?? []),
      ]),
    );
    expect(cycles(graph).map((cycle) => cycle.map((f) => path.relative(CORE, f)))).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const graph = new Map([
      ["networks/service", ["reminders/plan"]],
      ["reminders/plan", ["presenters/asks"]],
      ["presenters/asks", ["presenters/slots"]],
      ["presenters/slots", ["networks/service", "ui/model"]],
      ["ui/model", []],
    ]);
    expect(cycles(graph)).toEqual([["networks/service", "presenters/asks", "presenters/slots", "reminders/plan"]]);
  });
});

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
