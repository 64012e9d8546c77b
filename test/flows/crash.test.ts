/**
 * A crash during the crowd loses nothing acknowledged, on both databases: the real bot (`src/main.ts`, a child
 * process in Slack HTTP mode against the fake Slack) takes 200 signed vote submissions at once, is killed with
 * SIGKILL part-way, and every vote it had acknowledged is in the database; restarted, it takes the rest (sent again,
 * as people whose form did not close would), and the count has each of the 200 voters exactly once, with their picks.
 */
import { createServer } from "node:net";
import { FormIds } from "../../src/core/ids";
import { createLogger } from "../../src/logger";
import { createServices } from "../../src/services";
import { channelAddress, userAddress } from "../../src/slack/addresses";
import { formView } from "../../src/slack/render";
import { encodeViewMetadata } from "../../src/slack/view-metadata";
import {
  BOT_SECRET,
  BOT_SIGNING_SECRET,
  type BotProcess,
  killAllBots,
  SLACK_CHANNEL,
  SLACK_TEAM,
  startBot,
  waitFor,
} from "../support/bot-process";
import { freshDatabaseUrl, PROVIDERS } from "../support/db";
import { SETUP_VALUES } from "../support/services";
import { FakeSlack, interactive, sign, viewSubmission } from "../support/slack";

const VOTERS = 200;
const KILL_AFTER_ACKS = 50;
const voter = (i: number) => `UC${String(i).padStart(4, "0")}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterAll(() => killAllBots());

describe.each(PROVIDERS)("a crash in the middle of a crowded vote on %s", (provider) => {
  test("every vote acknowledged before a SIGKILL is counted once, and the rest are taken after the restart", async () => {
    const database = await freshDatabaseUrl(provider);
    const fake = new FakeSlack();
    await fake.start();
    const bots: BotProcess[] = [];
    try {
      // before the bot starts: the network, 200 members, three topics and an open vote of up to two picks
      const channel = channelAddress(SLACK_TEAM, SLACK_CHANNEL);
      const ctx = (user: string) => ({
        platform: "slack" as const,
        channel,
        workspace: `slack:${SLACK_TEAM}`,
        actor: { user: userAddress(SLACK_TEAM, user), name: user, isWorkspaceAdmin: false },
      });
      const seeding = await createServices(database.url, createLogger("warn"), { secret: BOT_SECRET });
      const firstDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const setUp = await seeding.core.submitForm(ctx("UFACIL"), FormIds.setup, "", { ...SETUP_VALUES, firstDate });
      expect(setUp.kind).toBe("done");
      const network = await seeding.store.networks.byChannel(channel);
      if (!network) throw new Error("no network");
      for (let i = 1; i <= VOTERS; i++) {
        await seeding.store.members.upsert(network.id, userAddress(SLACK_TEAM, voter(i)), `Voter ${i}`, "member");
        fake.users.set(voter(i), { name: `Voter ${i}` });
      }
      for (const title of ["Delirium", "Breathlessness", "Opioid conversions"])
        await seeding.core.command(ctx("UFACIL"), `propose ${title}`);
      // they are in the channel, as the bot's daily membership sync will find when it lists it
      fake.channelMembers.set(SLACK_CHANNEL, ["UFACIL", ...Array.from({ length: VOTERS }, (_, k) => voter(k + 1))]);
      fake.users.set("UFACIL", { name: "Fran" });
      const topics = await seeding.store.topics.list(network.id);
      const opened = await seeding.core.submitForm(ctx("UFACIL"), FormIds.openVote, network.id, {
        topics: topics.map((t) => t.id).join(","),
        closesDate: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
        closesTime: "12:00",
        method: "approval",
        maxPicks: "2",
        showRunning: "no",
        anonymous: "no",
      });
      expect(opened.kind).toBe("done");
      const ballot = await seeding.store.ballots.openFor(network.id);
      if (!ballot) throw new Error("no ballot");
      const form = await seeding.core.openForm(ctx(voter(1)), FormIds.vote, ballot.id);
      await seeding.database.close();

      // each voter's submission of the vote modal, as Slack sends it
      const picksOf = (i: number) => [topics[i % 3]?.id as string, topics[(i + 1) % 3]?.id as string];
      const bodyOf = (i: number) => {
        const metadata = encodeViewMetadata({
          channel,
          metadata: ballot.id,
          responseUrl: fake.responseUrl(`vote-${voter(i)}`),
        });
        return interactive(viewSubmission(voter(i), { ...formView(form, metadata) }, { picks: picksOf(i) }));
      };

      const port = await freePort();
      const start = async (name: string) => {
        const bot = startBot({
          databaseUrl: database.url,
          slackApiUrl: fake.apiUrl,
          name,
          env: { PORT: String(port) },
        });
        bots.push(bot);
        await waitFor(
          `${name} to answer /healthz`,
          async () => ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ? true : undefined),
          { timeoutMs: 60_000, everyMs: 200, bots: [bot] },
        );
        return bot;
      };
      const problems: string[] = [];
      const submit = async (i: number): Promise<boolean> => {
        const body = bodyOf(i);
        const timestamp = Math.floor(Date.now() / 1000);
        try {
          const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
            method: "POST",
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-slack-request-timestamp": String(timestamp),
              "x-slack-signature": sign(BOT_SIGNING_SECRET, timestamp, body),
            },
            body,
          });
          const text = await response.text();
          if (response.status === 200 && text === "") return true;
          const said = /"text":"((?:[^"\\]|\\.)*)"/g;
          const words = [...text.matchAll(said)].map((m) => m[1]).join(" | ");
          problems.push(`${voter(i)}: HTTP ${response.status} ${words.slice(0, 300)}`);
          return false;
        } catch (error) {
          problems.push(`${voter(i)}: ${error instanceof Error ? error.message : String(error)}`);
          return false; // the connection died with the bot: not acknowledged
        }
      };

      // the crowd, and the kill once 50 votes have been acknowledged
      const first = await start("bot-before-the-crash");
      const acknowledged = new Set<number>();
      let killing: Promise<unknown> | undefined;
      await Promise.all(
        Array.from({ length: VOTERS }, async (_, k) => {
          const i = k + 1;
          if (await submit(i)) acknowledged.add(i);
          if (acknowledged.size >= KILL_AFTER_ACKS && !killing) killing = first.kill();
        }),
      );
      await killing;
      expect(first.exitStatus?.signal).toBe("SIGKILL");
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(acknowledged.size).toBeLessThan(VOTERS);

      // every acknowledged vote is in the database, as it was sent
      const reading = await createServices(database.url, createLogger("warn"), { secret: BOT_SECRET });
      const stored = async () => {
        const out = new Map<number, string[] | undefined>();
        for (let i = 1; i <= VOTERS; i++)
          out.set(i, await reading.store.ballots.namedPicks(ballot.id, userAddress(SLACK_TEAM, voter(i))));
        return out;
      };
      const afterCrash = await stored();
      for (const i of acknowledged) expect(afterCrash.get(i)).toEqual(picksOf(i));
      await reading.database.close();

      // restarted, it takes the others, sent again
      await start("bot-after-the-restart");
      const missing = Array.from({ length: VOTERS }, (_, k) => k + 1).filter((i) => !acknowledged.has(i));
      problems.length = 0;
      const resent = await Promise.all(missing.map((i) => submit(i)));
      expect({ problems, log: problems.length ? bots[1]?.tail(30) : "" }).toEqual({ problems: [], log: "" });
      expect(resent.every(Boolean)).toBe(true);
      await bots[1]?.stop();

      const counting = await createServices(database.url, createLogger("warn"), { secret: BOT_SECRET });
      const final = await (async () => {
        const out = new Map<number, string[] | undefined>();
        for (let i = 1; i <= VOTERS; i++)
          out.set(i, await counting.store.ballots.namedPicks(ballot.id, userAddress(SLACK_TEAM, voter(i))));
        return out;
      })();
      const papers = await counting.store.ballots.papers(ballot.id);
      await counting.database.close();
      expect(papers.named).toHaveLength(VOTERS);
      for (let i = 1; i <= VOTERS; i++) expect(final.get(i)).toEqual(picksOf(i));
      process.stdout.write(
        `crash (${provider}): ${acknowledged.size} of ${VOTERS} votes acknowledged before the SIGKILL, all stored; ${missing.length} sent again after the restart; ${papers.named.length} counted\n`,
      );
    } finally {
      for (const bot of bots) await bot.kill().catch(() => undefined);
      await fake.close();
      await database.drop();
    }
  }, 180_000);
});
