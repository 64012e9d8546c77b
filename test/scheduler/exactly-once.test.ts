/**
 * Exactly once, end to end: the real bot (src/main.ts in a child process, test/support/bot-process.ts) runs a
 * "starting soon" fan-out to a channel and 150 members against a fake Slack Web API on 127.0.0.1, and is killed in
 * the middle of it, or runs as two copies on one PostgreSQL database. What each recipient received is read from the
 * fake's history (every reminder carries its job key in Slack's message metadata); the Job rows from the database.
 *
 * The progress message to the facilitator ("Sent 120 of 151") is not a reminder: it carries no delivery metadata and
 * is counted apart.
 */
import { DELIVERY_EVENT } from "../../src/slack/messenger";
import {
  type BotProcess,
  countStates,
  killAllBots,
  readJobs,
  type SeededFanOut,
  seedFanOut,
  settled,
  startBot,
  waitFor,
} from "../support/bot-process";
import { freshDatabaseUrl, postgresAvailable, type TestDatabaseUrl } from "../support/db";
import { FakeSlack } from "../support/slack";

const MEMBERS = 150;
/** every tenth member has no stored direct-message channel yet: the bot opens those with conversations.open */
const storedDm = (n: number) => n % 10 !== 0;
const HELD = 5;

/** The reminders in the fake's history, by the recipient their metadata key names. */
function remindersByRecipient(fake: FakeSlack, seed: SeededFanOut): Map<string, Array<{ channel: string }>> {
  const prefix = `${seed.expandKey}|`;
  const out = new Map<string, Array<{ channel: string }>>();
  for (const [channel, messages] of fake.history)
    for (const message of messages) {
      const key = message.metadata?.event_payload?.key;
      if (message.metadata?.event_type !== DELIVERY_EVENT || typeof key !== "string" || !key.startsWith(prefix))
        continue;
      const recipient = key.slice(prefix.length);
      out.set(recipient, [...(out.get(recipient) ?? []), { channel }]);
    }
  return out;
}

/** Messages without delivery metadata: the facilitator's progress message. */
const otherMessages = (fake: FakeSlack) =>
  [...fake.history.values()].flat().filter((m) => m.metadata?.event_type !== DELIVERY_EVENT).length;

/** True once every recipient has at least one reminder; undefined before. */
function everyoneReached(fake: FakeSlack, seed: SeededFanOut): true | undefined {
  const got = remindersByRecipient(fake, seed);
  return seed.recipients.every((r) => (got.get(r)?.length ?? 0) > 0) ? true : undefined;
}

/** The send jobs, once all of them exist and are settled (done, failed, undeliverable or cancelled). */
async function sendJobsSettled(url: string, seed: SeededFanOut) {
  const rows = await readJobs(url, `${seed.expandKey}|`);
  return rows.length === seed.recipients.length && rows.every(settled) ? rows : undefined;
}

function progress(fake: FakeSlack, seed: SeededFanOut): string {
  const got = remindersByRecipient(fake, seed);
  const reached = seed.recipients.filter((r) => got.has(r)).length;
  return `${reached} of ${seed.recipients.length} recipients reached; chat.postMessage calls ${fake.callsTo("chat.postMessage").length}`;
}

describe("exactly-once reminders, with the real bot process", () => {
  let fake: FakeSlack;
  let database: TestDatabaseUrl | undefined;
  const bots: BotProcess[] = [];

  beforeEach(async () => {
    fake = new FakeSlack();
    await fake.start();
  });
  afterEach(async () => {
    await killAllBots();
    bots.length = 0;
    await fake.close();
    await database?.drop();
    database = undefined;
  });

  it("sends each of 151 reminders exactly once on SQLite when the bot is killed mid fan-out and started again", async () => {
    database = await freshDatabaseUrl("sqlite");
    const url = database.url;
    const seed = await seedFanOut({ databaseUrl: url, platform: "slack", members: MEMBERS, storedDm });
    expect(seed.recipients).toHaveLength(MEMBERS + 1);

    // after 50 answered posts, the next few are posted but never answered: sent, and not recorded as sent
    fake.holdPosts(50, HELD);
    const first = startBot({ databaseUrl: url, slackApiUrl: fake.apiUrl, name: "first" });
    bots.push(first);
    await waitFor("the held posts", () => (fake.held().length >= HELD ? true : undefined), {
      timeoutMs: 90_000,
      bots: [first],
      describe: () => progress(fake, seed),
    });
    await first.kill();
    const killedAt = performance.now();
    const held = fake.held().map((call) => ({
      channel: String(call.body.channel),
      key: String((call.body.metadata as { event_payload?: { key?: unknown } } | undefined)?.event_payload?.key),
    }));
    const postsBeforeKill = fake.callsTo("chat.postMessage").length;
    const jobsAtKill = countStates(await readJobs(url, `${seed.expandKey}|`));

    const second = startBot({ databaseUrl: url, slackApiUrl: fake.apiUrl, name: "second" });
    bots.push(second);
    await waitFor("every recipient to have a reminder", () => everyoneReached(fake, seed), {
      timeoutMs: 180_000,
      bots: [second],
      describe: () => progress(fake, seed),
    });
    const rows = await waitFor("every send job to be settled", () => sendJobsSettled(url, seed), {
      timeoutMs: 120_000,
      bots: [second],
      describe: () => progress(fake, seed),
    });
    const finishedAt = performance.now();
    expect((await second.stop()).code).toBe(0);

    // each recipient: exactly one reminder, in its own conversation
    const got = remindersByRecipient(fake, seed);
    expect([...got].filter(([, messages]) => messages.length > 1).map(([r]) => r)).toEqual([]);
    for (const recipient of seed.recipients)
      expect(got.get(recipient)).toEqual([{ channel: seed.conversationOf.get(recipient) }]);
    expect([...got.keys()].filter((r) => !seed.recipients.includes(r))).toEqual([]);

    // the held posts were found in the history after the restart, not posted again
    expect(held).toHaveLength(HELD);
    const afterKill = fake.calls.filter((c) => c.at > killedAt);
    for (const { channel, key } of held) {
      expect(key.startsWith(`${seed.expandKey}|`)).toBe(true);
      expect(
        fake.callsTo("chat.postMessage").filter((c) => c.body.metadata && c.body.channel === channel),
      ).toHaveLength(1);
      expect(afterKill.some((c) => c.method === "conversations.history" && c.body.channel === channel)).toBe(true);
    }

    // and the database says so
    expect(countStates(rows)).toEqual({ done: MEMBERS + 1 });
    const expand = await readJobs(url, seed.expandKey);
    expect(expand.find((r) => r.key === seed.expandKey)?.state).toBe("done");

    const opens = fake.callsTo("conversations.open");
    process.stdout.write(
      `exactly-once (SQLite, kill and restart): ${postsBeforeKill} chat.postMessage calls before the kill ` +
        `(${HELD} held unanswered), send jobs at the kill ${JSON.stringify(jobsAtKill)}; after the restart ` +
        `${afterKill.filter((c) => c.method === "chat.postMessage").length} posts, ` +
        `${afterKill.filter((c) => c.method === "conversations.history").length} conversations.history lookups, ` +
        `${((finishedAt - killedAt) / 1000).toFixed(1)} s to settle; conversations.open ${opens.length} ` +
        `(for ${seed.members.filter((_, i) => !storedDm(i + 1)).length} members without a stored DM), ` +
        `progress messages ${otherMessages(fake)}, send jobs retried ${rows.filter((r) => r.attempts > 1).length}\n`,
    );
  }, 330_000);

  const onPostgres = postgresAvailable() ? it : it.skip;
  if (!postgresAvailable())
    process.stderr.write(
      "\n*** PostgreSQL is unreachable: “two bot processes on one PostgreSQL database” is SKIPPED. ***\n\n",
    );

  onPostgres(
    "sends each of 151 reminders exactly once when two bot processes tick together on one PostgreSQL database",
    async () => {
      database = await freshDatabaseUrl("postgresql");
      const url = database.url;
      const seed = await seedFanOut({ databaseUrl: url, platform: "slack", members: MEMBERS, storedDm });

      const a = startBot({ databaseUrl: url, slackApiUrl: fake.apiUrl, name: "replica-a" });
      const b = startBot({ databaseUrl: url, slackApiUrl: fake.apiUrl, name: "replica-b" });
      bots.push(a, b);
      const pids = new Map<number, string>();
      for (const bot of [a, b]) {
        const pid = await bot.botPid();
        if (pid !== undefined) pids.set(pid, bot.name);
      }
      await waitFor("every recipient to have a reminder", () => everyoneReached(fake, seed), {
        timeoutMs: 180_000,
        bots: [a, b],
        describe: () => progress(fake, seed),
      });
      const rows = await waitFor("every send job to be settled", () => sendJobsSettled(url, seed), {
        timeoutMs: 120_000,
        bots: [a, b],
        describe: () => progress(fake, seed),
      });
      const [exitA, exitB] = await Promise.all([a.stop(), b.stop()]);
      expect([exitA.code, exitB.code]).toEqual([0, 0]);

      const got = remindersByRecipient(fake, seed);
      expect([...got].filter(([, messages]) => messages.length > 1).map(([r]) => r)).toEqual([]);
      for (const recipient of seed.recipients)
        expect(got.get(recipient)).toEqual([{ channel: seed.conversationOf.get(recipient) }]);
      expect(countStates(rows)).toEqual({ done: MEMBERS + 1 });

      // who finished which job: the worker id is host:pid:random
      const byWorker = new Map<string, number>();
      for (const row of rows) {
        const pid = Number(row.lockedBy?.split(":")[1]);
        const who = pids.get(pid) ?? row.lockedBy ?? "unknown";
        byWorker.set(who, (byWorker.get(who) ?? 0) + 1);
      }
      process.stdout.write(
        `exactly-once (PostgreSQL, two processes): send jobs finished per process ${JSON.stringify(Object.fromEntries(byWorker))}, ` +
          `retried ${rows.filter((r) => r.attempts > 1).length}, chat.postMessage calls ${fake.callsTo("chat.postMessage").length}, ` +
          `conversations.history lookups ${fake.callsTo("conversations.history").length}, progress messages ${otherMessages(fake)}\n`,
      );
      // both copies took part
      expect(byWorker.size).toBe(2);
    },
    330_000,
  );
});
