/**
 * What the core tests share: the channel their network lives in, who acts there (`as`), and a network set up with
 * the channel and personal reminders switched off. They call the core directly, as the shell would.
 */
import type { Ctx } from "../../src/core/context";
import { FormIds } from "../../src/core/ids";
import type { Provider } from "../../src/store/engine";
import { QUIET_SETUP } from "./seed";
import { type TestServices, testServices } from "./services";

/** The channel of the core tests' network. */
export const CHANNEL = "shell:#palliative";

/** Someone acting in CHANNEL: `as("ana")` is Ana (`shell:ana`); `admin` makes them a workspace admin. */
export const as = (name: string, admin = false): Ctx => ({
  platform: "shell",
  channel: CHANNEL,
  workspace: "shell",
  actor: { user: `shell:${name}`, name: name[0]!.toUpperCase() + name.slice(1), isWorkspaceAdmin: admin },
});

/** The facilitator who sets the network up. */
export const fran = as("fran");

/** Fran sets the network up with QUIET_SETUP (no agenda, "starting soon", IT or warning reminders), and `changes`. */
export async function setUpQuietly(s: TestServices, changes: Record<string, string> = {}): Promise<void> {
  expect(await s.core.submitForm(fran, FormIds.setup, "", { ...QUIET_SETUP, ...changes })).toMatchObject({
    kind: "done",
  });
}

/**
 * Services on a fresh database of this provider (at 2026-11-27 09:00 UTC) with the network set up quietly (see
 * `setUpQuietly`), then each of `roles` given by Fran: `quietNetwork(provider, ["<@shell:ana|Ana> member"])`.
 */
export async function quietNetwork(
  provider: Provider,
  roles: string[] = [],
  changes: Record<string, string> = {},
): Promise<TestServices> {
  const s = await testServices(provider, "2026-11-27T09:00:00Z");
  await setUpQuietly(s, changes);
  for (const words of roles) await s.core.command(fran, `role ${words}`);
  return s;
}
