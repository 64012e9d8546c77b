/**
 * The session of 2026-12-02 held, for the scenarios about what follows a session (the survey, the exports): Ana and
 * Ben check in half an hour before its end, Fran ends it twenty minutes later, and the end's jobs run.
 */
import type { Driver } from "../support/drivers";

export async function holdFirstSession(d: Driver): Promise<void> {
  await d.tick("2026-12-02T12:30:00Z");
  await d.command("ana", "attend");
  await d.command("ben", "attend");
  await d.tick("2026-12-02T13:50:00Z");
  await d.command("fran", "end");
  await d.tick();
}
