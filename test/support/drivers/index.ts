/**
 * The three chat platforms behind one driver interface (model.ts), for scenarios written once: Slack, Teams and the
 * shell, each through its real route on a real database. `scenario` runs a table of steps on each platform and
 * provider; `on` runs the checks that belong to one platform, with that platform's own driver.
 */
import type { Provider } from "../../../src/store/engine";
import { PROVIDERS } from "../db";
import type { Cast, Driver, Platform } from "./model";
import { ShellDriver } from "./shell";
import { SlackDriver } from "./slack";
import { TeamsDriver } from "./teams";

export * from "./model";
export { SHELL_CHANNEL, ShellDriver } from "./shell";
export { SlackDriver } from "./slack";
export { NOTICE, TeamsDriver } from "./teams";

/** The people of the scenarios, with the full names Teams shows (elsewhere they are "Fran", "Ana", …). */
export const CAST: Cast = {
  fran: { teams: "Fran Facilitator" },
  ana: { teams: "Ana Patel" },
  ben: { teams: "Ben Okafor" },
  cy: { teams: "Cy Jones" },
  dee: { teams: "Dee Walsh" },
  hugo: { teams: "Hugo Reyes" },
  zed: { teams: "Zed Outsider" },
};

/** How the platforms are named in test names: "presenting a case in Slack", "… in the shell". */
export const PLATFORM_NAMES: Record<Platform, string> = { slack: "Slack", teams: "Teams", shell: "the shell" };

export const PLATFORMS: Platform[] = ["slack", "teams", "shell"];

export function startDriver(platform: Platform, provider: Provider, cast: Cast): Promise<Driver> {
  switch (platform) {
    case "slack":
      return SlackDriver.start(provider, cast);
    case "teams":
      return TeamsDriver.start(provider, cast);
    case "shell":
      return ShellDriver.start(provider, cast);
  }
}

/** `describe.each` rows, "in %s on %s": [platform name, provider, platform] for these platforms on these providers. */
export function flows(platforms: Platform[] = PLATFORMS, providers: Provider[] = PROVIDERS) {
  return platforms.flatMap((platform) =>
    providers.map((provider) => [PLATFORM_NAMES[platform], provider, platform] as const),
  );
}

export interface PlatformChecks {
  slack?: (d: SlackDriver) => unknown;
  teams?: (d: TeamsDriver) => unknown;
  shell?: (d: ShellDriver) => unknown;
}

/** Runs the checks for the driver's own platform, if there are any. */
export async function on(d: Driver, checks: PlatformChecks): Promise<void> {
  if (d instanceof SlackDriver) await checks.slack?.(d);
  else if (d instanceof TeamsDriver) await checks.teams?.(d);
  else if (d instanceof ShellDriver) await checks.shell?.(d);
}

/** One step of a scenario: its name reads as a sentence; `on` limits it to some platforms. */
export interface Step<W> {
  name: string;
  on?: Platform[];
  run(d: Driver, world: W): Promise<void>;
}

/**
 * A scenario on each platform and provider (or on those `where` names): one describe each (`title` has "%s" for the platform's name
 * and the provider's), one driver started for the cast, the steps in order (those for this platform) sharing a world,
 * and every payload checked after each step.
 */
export function scenario<W extends object>(
  title: string,
  cast: Cast,
  table: Step<W>[],
  where: { platforms?: Platform[]; providers?: Provider[] } = {},
): void {
  describe.each(flows(where.platforms, where.providers))(title, (_name, provider, platform) => {
    let d: Driver;
    const world = {} as W;
    beforeAll(async () => {
      d = await startDriver(platform, provider, cast);
    });
    afterEach(() => d.verify());
    afterAll(async () => {
      await d.close();
    });
    for (const step of table) if (!step.on || step.on.includes(platform)) test(step.name, () => step.run(d, world));
  });
}
