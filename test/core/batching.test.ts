/**
 * Group commit (src/core/batching.ts): writes to one record that arrive together are flushed together, each caller
 * gets its own answer, a write alone is not held back, and a failed flush fails only the writes it held.
 */
import { CROWD_GAP_MS, createBatching, type Lane } from "../../src/core/batching";

interface Flushed {
  key: string;
  items: number[];
}

/** A lane that doubles each number, refuses 13 on its own, and fails the whole flush on 666. */
function doubling(flushed: Flushed[], pause = 0): Lane<unknown, number, number> {
  return {
    name: "double",
    maxBatch: 5,
    async flush(_deps, key, items) {
      flushed.push({ key, items: [...items] });
      if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
      if (items.includes(666)) throw new Error("the database went away");
      return items.map((n) => (n === 13 ? { ok: false, error: new Error("unlucky") } : { ok: true, value: n * 2 }));
    },
  };
}

describe("group commit", () => {
  test("writes to one record that arrive together are flushed in one go, and each caller gets its own answer", async () => {
    const flushed: Flushed[] = [];
    const batching = createBatching();
    const lane = doubling(flushed);
    const answers = await Promise.all([1, 2, 3].map((n) => batching.submit(lane, {}, "ballot-a", n)));
    expect(answers).toEqual([2, 4, 6]);
    expect(flushed).toEqual([{ key: "ballot-a", items: [1, 2, 3] }]);
  });

  test("writes that arrive while a flush is in the database go together in the next one, at most maxBatch at a time", async () => {
    const flushed: Flushed[] = [];
    const batching = createBatching();
    const lane = doubling(flushed, 20);
    const first = batching.submit(lane, {}, "a", 1);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first flush is under way
    const later = [2, 3, 4, 5, 6, 7, 8].map((n) => batching.submit(lane, {}, "a", n));
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(flushed.map((f) => f.items)).toEqual([[1], [2, 3, 4, 5, 6], [7, 8]]);
  });

  test("different records are flushed apart, and a write alone is flushed without waiting for company", async () => {
    const flushed: Flushed[] = [];
    const batching = createBatching();
    const lane = doubling(flushed);
    const started = performance.now();
    expect(await batching.submit(lane, {}, "a", 1)).toBe(2);
    expect(performance.now() - started).toBeLessThan(50);
    await Promise.all([batching.submit(lane, {}, "a", 2), batching.submit(lane, {}, "b", 3)]);
    expect(flushed).toEqual([
      { key: "a", items: [1] },
      { key: "a", items: [2] },
      { key: "b", items: [3] },
    ]);
  });

  test("a write refused on its own fails alone; a flush that throws fails every write it held, and the next one works", async () => {
    const flushed: Flushed[] = [];
    const batching = createBatching();
    const lane = doubling(flushed);
    const settled = await Promise.allSettled([12, 13, 14].map((n) => batching.submit(lane, {}, "a", n)));
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message))).toEqual([
      24,
      "unlucky",
      28,
    ]);
    const broken = await Promise.allSettled([1, 666].map((n) => batching.submit(lane, {}, "a", n)));
    expect(broken.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(await batching.submit(lane, {}, "a", 5)).toBe(10);
  });

  test("the batches of one crowd share what they load once, a failed load is retried, and after a quiet second the next crowd loads again", async () => {
    const loads: string[] = [];
    let failNext = true;
    const seen: string[][] = [];
    const lane: Lane<unknown, number, string> = {
      name: "context",
      maxBatch: 2,
      async flush(_deps, key, items, crowd) {
        const context = await crowd
          .once("context", async () => {
            loads.push(key);
            if (failNext) {
              failNext = false;
              throw new Error("the first read fails");
            }
            return `context of ${key} #${loads.length}`;
          })
          .catch(() => "none");
        seen.push(items.map(() => context));
        return items.map(() => ({ ok: true, value: context }));
      },
    };
    const batching = createBatching();
    // one crowd: five answers back to back, three batches of at most two
    const crowd = await Promise.all([1, 2, 3, 4, 5].map((n) => batching.submit(lane, {}, "survey", n)));
    expect(crowd).toEqual(["none", "none", "context of survey #2", "context of survey #2", "context of survey #2"]);
    expect(loads).toEqual(["survey", "survey"]);
    // the queue emptied a moment ago: the same crowd
    expect(await batching.submit(lane, {}, "survey", 6)).toBe("context of survey #2");
    // a second without answers ends the crowd: the next answer reads again
    await new Promise((resolve) => setTimeout(resolve, CROWD_GAP_MS + 50));
    expect(await batching.submit(lane, {}, "survey", 7)).toBe("context of survey #3");
    expect(loads).toEqual(["survey", "survey", "survey"]);
    // a load that found nothing is not kept either
    const empty: Lane<unknown, number, string> = {
      name: "nothing",
      async flush(_deps, _key, items, crowd) {
        const found = await crowd.once("context", async () => {
          loads.push("nothing");
          return undefined as string | undefined;
        });
        return items.map(() => ({ ok: true, value: found ?? "none" }));
      },
    };
    await batching.submit(empty, {}, "survey", 1);
    await batching.submit(empty, {}, "survey", 2);
    expect(loads.filter((l) => l === "nothing")).toHaveLength(2);
  });
});
