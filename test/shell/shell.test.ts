import { PassThrough } from "node:stream";
import { runShell, shellMessenger } from "../../src/shell/shell";
import { PROVIDERS } from "../support/db";
import { type TestServices, testServices } from "../support/services";

/** Feeds the lines to the shell as piped stdin and returns everything it printed. */
async function drive(s: TestServices, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  const done = runShell(s, { input, output });
  input.end(`${lines.join("\n")}\n`);
  await done;
  return printed;
}

// one answer per field of the setup form, in order; "" keeps the default
const SETUP_ANSWERS = [
  ...["setup", "Palliative Care ECHO", "", "1", "2026-12-02", "", "", "", "2", "https://zoom.us/j/123"],
  ...["", "", "", "", "", ""],
];

describe.each(PROVIDERS)("the shell on %s", (provider) => {
  let s: TestServices;
  beforeEach(async () => {
    s = await testServices(provider);
  });
  afterEach(async () => s.close());

  it("prints what someone typed without its control characters, so a title cannot clear the screen or make a terminal link", async () => {
    const title = "Breathlessness \u001b]8;;https://evil.example\u0007click here\u001b]8;;\u0007 at night\u001b[2J";
    const printed = await drive(s, [...SETUP_ANSWERS, `propose ${title}`, "topics"]);
    const controls = [...printed].filter((c) => /\p{Cc}/u.test(c) && c !== "\n" && c !== "\t");
    expect(controls).toEqual([]);
    expect(printed).toContain("Breathlessness ]8;;https://evil.exampleclick here]8;; at night[2J");
  });

  it("answers help and unknown words with usage, never silence", async () => {
    const printed = await drive(s, ["help", "frobnicate", "schedule 99"]);
    expect(printed).toContain("teleecho: what I can do");
    expect(printed).toContain("I don't know `frobnicate`");
    expect(printed).toContain("Usage: `schedule [how many]`");
  });

  it("asks the setup form field by field, asks again for a wrong field, and saves the network", async () => {
    const answers = [...SETUP_ANSWERS];
    answers[9] = "zoom"; // the video link, wrong first; then only that field is asked again
    const printed = await drive(s, [...answers, "https://zoom.us/j/123", "schedule 2"]);
    expect(printed).toContain("Video room link: Give the video room's link, starting with https://.");
    expect(printed).toContain("Palliative Care ECHO is set up in this channel");
    expect(printed).toContain("Wed 2 Dec 2026, 12:30–14:00 GMT");
    const network = await s.store.networks.byChannel("shell:#echo");
    expect(network).toMatchObject({
      name: "Palliative Care ECHO",
      videoLink: "https://zoom.us/j/123",
      cadence: "weekly",
    });
  });

  it("lets a newcomer press Enter through setup: only the name and the video link need typing", async () => {
    const answers = [
      "setup",
      "Palliative Care ECHO",
      ...Array(7).fill(""),
      "https://zoom.us/j/123",
      ...Array(6).fill(""),
    ];
    const printed = await drive(s, [...answers, "schedule 1"]);
    expect(printed).toContain("First session date\n  YYYY-MM-DD; its weekday is the meeting day\n[2026-12-04] > ");
    expect(printed).toContain("Palliative Care ECHO is set up in this channel");
    // a week from the day it was set up (Friday 27 November 2026), at the default 12:30
    expect(printed).toContain("Fri 4 Dec 2026, 12:30–14:00 GMT");
    expect(await s.store.networks.byChannel("shell:#echo")).toMatchObject({
      cadence: "weekly",
      firstDate: "2026-12-04",
    });
  });

  it("takes a choice by its number, its label or one word of it, and asks again when a word fits several", async () => {
    const answers = [...SETUP_ANSWERS];
    answers[3] = "Weekly"; // the cadence, by a word of "Every week" in any case
    answers[8] = "two"; // cases per session: not a choice, so the form refuses it and only that field is asked again
    const printed = await drive(s, [...answers, "2"]);
    expect(printed).toContain("Cases per session: Choose 1 or 2 cases per session.");
    expect(await s.store.networks.byChannel("shell:#echo")).toMatchObject({ cadence: "weekly", casesPerSession: 2 });
    const again = [...SETUP_ANSWERS];
    again[0] = "setup";
    again[3] = "monthly"; // two monthly choices: asked again, then answered by another word
    const printed2 = await drive(s, [...again.slice(0, 4), "2nd tuesday", "2026-12-08", ...again.slice(5)]);
    expect(printed2).toContain(
      "“monthly” could mean 5) Monthly, same weekday (e.g. 2nd Tuesday) or 6) Monthly, last weekday (e.g. last Friday): type the number.",
    );
    expect(await s.store.networks.byChannel("shell:#echo")).toMatchObject({
      cadence: "monthly_weekday",
      weekOfMonth: 2,
    });
  });

  it("presses a numbered button to skip a date, and refuses the same button to a member acting as someone else", async () => {
    const printed = await drive(s, [...SETUP_ANSWERS, "schedule 2", "1", "as sam", "1", "schedule 2", "1"]);
    expect(printed).toContain("(skipped)");
    expect(printed).toContain("You are now Sam.");
    expect(printed).toContain("Only a facilitator or an admin of this network can restore a session.");
    // a member's own schedule has no buttons to press
    expect(printed).toContain("There is no button with that number.");
    const network = await s.store.networks.byChannel("shell:#echo");
    const [first] = await s.store.sessions.upcoming(network!.id, s.clock.now(), 1);
    expect(first?.status).toBe("skipped");
  });

  it("gives a role to a mentioned person and lists it", async () => {
    const printed = await drive(s, [...SETUP_ANSWERS, "role @hana hub_expert", "role"]);
    expect(printed).toContain("Hana is now hub expert of Palliative Care ECHO.");
    expect(printed).toMatch(/Hana: Hub expert/);
  });

  it("cancels a form without saving anything", async () => {
    const printed = await drive(s, ["setup", "My network", "cancel"]);
    expect(printed).toContain("Cancelled; nothing was saved.");
    expect(await s.database.db.network.count()).toBe(0);
  });
});

describe("the shell's messenger", () => {
  it("prints reminders and updates as they are sent, and hands back a message address", async () => {
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const messenger = shellMessenger(output);
    const address = await messenger.send("shell:fran", {
      card: {
        title: "Run-sheet: Demo ECHO",
        blocks: [{ kind: "text", text: "12:30  Welcome (5 min)" }],
        fallback: "Run-sheet",
      },
    });
    await messenger.update(address, {
      title: "Sending",
      blocks: [{ kind: "text", text: "Sent 3 of 3. Done." }],
      fallback: "Sent",
    });
    expect(address).toBe("shell:message:1");
    expect(printed).toContain("[to shell:fran] Run-sheet: Demo ECHO\n12:30  Welcome (5 min)");
    expect(printed).toContain("[update shell:message:1] Sending\nSent 3 of 3. Done.");
  });
});
