import { parseCommand, SUBCOMMANDS } from "../../src/core/commands/grammar";

describe("the command grammar", () => {
  it("treats empty input and `/echo` alone as help", () => {
    expect(parseCommand("")).toEqual({ ok: true, command: { name: "help" } });
    expect(parseCommand("/echo")).toEqual({ ok: true, command: { name: "help" } });
  });

  it("knows every subcommand of the contract", () => {
    for (const sub of SUBCOMMANDS)
      expect(
        parseCommand(
          sub === "propose" ? "propose Delirium" : sub === "recording" ? "recording 2026-12-02 https://x.org/r" : sub,
        ).ok,
      ).toBe(true);
  });

  it("is case-insensitive about the subcommand and tolerates a leading /echo", () => {
    expect(parseCommand("/echo SCHEDULE 3")).toEqual({ ok: true, command: { name: "schedule", count: 3 } });
  });

  it("answers unknown words with a pointer to help", () => {
    expect(parseCommand("frobnicate now")).toEqual({
      ok: false,
      message: "I don't know `frobnicate`. Try `help` to see what I can do.",
    });
  });

  it("gives usage for malformed arguments", () => {
    for (const bad of [
      "schedule 0",
      "schedule many",
      "schedule 21",
      "setup now",
      "role",
      "role sam member",
      "role <@shell:sam|Sam> boss",
      "topics now",
      "recording x",
      "help nothing",
    ]) {
      const parsed = parseCommand(bad);
      if (bad === "role") expect(parsed.ok).toBe(true);
      else {
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.message.length).toBeLessThan(300);
      }
    }
    expect(parseCommand("role <@shell:sam|Sam> boss")).toMatchObject({
      ok: false,
      message: expect.stringContaining("Usage: `role [@person … role]`"),
    });
  });

  it("reads a mention with a display name that has spaces", () => {
    expect(parseCommand("role <@slack:T1:U2|Dr Ana Li> hub-expert")).toEqual({
      ok: true,
      command: { name: "role", targets: [{ user: "slack:T1:U2", name: "Dr Ana Li" }], role: "hub_expert" },
    });
  });

  it("gives one role to several people at once", () => {
    expect(parseCommand("role <@shell:a|A> <@shell:b> member")).toEqual({
      ok: true,
      command: { name: "role", targets: [{ user: "shell:a", name: "A" }, { user: "shell:b" }], role: "member" },
    });
  });

  it("reads `propose` with a title as a quick proposal and without one as the form, and `topics plan`", () => {
    expect(parseCommand("propose  Delirium in care homes ")).toEqual({
      ok: true,
      command: { name: "propose", title: "Delirium in care homes" },
    });
    expect(parseCommand("propose")).toEqual({ ok: true, command: { name: "propose" } });
    expect(parseCommand("topics plan")).toEqual({ ok: true, command: { name: "topics", plan: true } });
  });

  it("refuses oversized input without echoing it back", () => {
    const parsed = parseCommand(`propose ${"x".repeat(5000)}`);
    expect(parsed).toEqual({ ok: false, message: "That command is too long (over 2000 characters)." });
  });
});
