/**
 * Membership from the channel: everyone in the network's channel is a member, without anyone typing `role @x
 * member`. A daily durable job lists the channel through the platform's directory (page by page, within its rate
 * limits): people found become members (or active again), people no longer there stop being members (their history
 * stays). Joins and leaves the platform reports in between arrive through `Core.membership`.
 */
import { z } from "zod";
import type { JobHandler } from "../deps";
import type { JobSpec } from "../jobs/ports";
import type { Network } from "../ports";

export const MEMBERS_SYNC = "members.sync";
const DAY_MS = 86_400_000;
const RETRY_MS = 3_600_000;

export const syncKey = (network: Network) => `members:${network.id}:sync`;

/** The network's daily membership sync: due at once for a new network. */
export const memberJobs = (network: Network, now: Date): JobSpec[] => [
  { key: syncKey(network), kind: MEMBERS_SYNC, dueAt: now, networkId: network.id, payload: { networkId: network.id } },
];

export const syncMembers: JobHandler = async (deps, job) => {
  const { networkId } = z.object({ networkId: z.string() }).parse(job.payload);
  const network = await deps.store.networks.byId(networkId);
  if (!network) return;
  const pages = deps.directory.members(network.channel);
  if (!pages) return; // this platform keeps no list: membership comes from `role`
  const present = new Set<string>();
  try {
    for await (const page of pages) {
      await deps.store.members.join(network.id, page);
      for (const person of page) present.add(person.user);
    }
  } catch (error) {
    // the platform could not list the channel now (throttled for good, no reference yet, the bot removed): nobody
    // leaves on a partial list, and the sync is tried again in an hour instead of stopping for good
    deps.log.warn("members: the channel could not be listed; trying again in an hour", {
      network: network.id,
      error: error instanceof Error ? error.message : String(error),
    });
    return { rerunInMs: RETRY_MS };
  }
  // only a listing that went to its end says who is gone
  const gone = (await deps.store.members.list(network.id)).filter((m) => !present.has(m.user)).map((m) => m.user);
  await deps.store.members.leave(network.id, gone);
  if (gone.length)
    deps.log.info("members: left the channel since the last sync", { network: network.id, count: gone.length });
  return { rerunInMs: DAY_MS };
};
