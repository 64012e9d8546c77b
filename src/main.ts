/**
 * `npm start`: parse the configuration, open the store (applying migrations), then start what is configured —
 * Slack, Teams, or, with neither, the local shell.
 */
import type { Server } from "node:http";
import { ConfigError, listenHost, loadConfig, loadDotEnv } from "./config";
import type { Directory, Messenger } from "./core/ports";
import { createHttpApp, finishHttpApp, listen } from "./http";
import { createLogger } from "./logger";
import { createScheduler, everySeconds } from "./scheduler/scheduler";
import { KeyFileError } from "./secrets";
import { createServices, routingDirectory, routingMessenger } from "./services";
import { runShell, shellMessenger } from "./shell/shell";
import { createSlackAdapter } from "./slack/adapter";
import { createTeamsAdapter } from "./teams/adapter";

async function main(): Promise<void> {
  loadDotEnv(); // ./.env when there is one; the environment's own variables win
  const config = loadConfig();
  // In the shell, log lines would interleave with the conversation: only warnings and errors are shown.
  const log = createLogger(config.shell && config.logLevel === "info" ? "warn" : config.logLevel);
  const services = await createServices(config.databaseUrl, log, { secret: config.secret });

  if (config.shell) {
    // the shell prints reminders as they fall due, so a newcomer sees the scheduler at work too
    const scheduler = createScheduler(services, shellMessenger(process.stdout), {
      every: everySeconds(config.tickSeconds),
      leaseMs: config.leaseSeconds * 1000,
    });
    await runShell(services, {
      input: process.stdin,
      output: process.stdout,
      user: config.shellUser,
      exportsDir: config.exportsDir,
    });
    await scheduler.stop();
    await services.database.close();
    return;
  }

  const app = createHttpApp(services);
  const stops: Array<() => Promise<void>> = [];
  const messengers: Record<string, Messenger> = {};
  // who is in each network's channel, for the daily membership sync: each platform adds its own directory here
  const directories: Record<string, Directory> = {};
  if (config.slack) {
    const rate = config.slack.postsPerSecond;
    const slack = createSlackAdapter(services, {
      ...config.slack,
      expressApp: app,
      // just under the limit, one at a time: pacing at the limit itself trips it on the smallest delay (bench:fanout)
      messenger: { limits: { workspace: { perSecond: 0.95 * rate, burst: 1 } } },
    });
    await slack.start();
    stops.push(() => slack.stop());
    messengers.slack = slack.messenger;
    directories.slack = slack.directory;
  }
  if (config.teams) {
    const teams = createTeamsAdapter(services, {
      ...config.teams,
      expressApp: app,
      messenger: { limits: { tenant: { perSecond: 0.95 * config.teams.requestsPerSecond, burst: 1 } } },
    });
    messengers.teams = teams.messenger;
    directories.teams = teams.directory;
  }
  finishHttpApp(app, services);
  const scheduler = createScheduler(services, routingMessenger(messengers), {
    every: everySeconds(config.tickSeconds),
    leaseMs: config.leaseSeconds * 1000,
    directory: routingDirectory(directories),
  });
  stops.unshift(() => scheduler.stop());
  const { host, note } = listenHost(config);
  if (note) log.warn(note, { host });
  const server: Server = await listen(app, config.port, host);
  log.info("teleecho listening", {
    host,
    port: config.port,
    database: services.database.provider,
    slack: Boolean(config.slack),
    teams: Boolean(config.teams),
  });

  const shutdown = async (signal: string) => {
    log.info("shutting down", { signal });
    server.close();
    for (const stop of stops) await stop();
    await services.database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KeyFileError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`teleecho could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
