import { formatOffsets, parseOffsets, parseSetup } from "../../src/core/networks/settings";
import { describeSlot, instantOf, isValidTimeZone, occurrences } from "../../src/core/sessions/calendar";
import { SETUP_VALUES } from "../support/services";

const weekly = {
  timeZone: "Europe/London",
  cadence: "weekly" as const,
  intervalWeeks: 1,
  weekOfMonth: null,
  firstDate: "2026-12-02",
  startTime: "12:30",
  durationMinutes: 90,
};

describe("the network calendar", () => {
  it("gives weekly dates from the first date on", () => {
    expect(occurrences(weekly, "2026-11-01", 3)).toEqual(["2026-12-02", "2026-12-09", "2026-12-16"]);
    expect(occurrences(weekly, "2026-12-10", 2)).toEqual(["2026-12-16", "2026-12-23"]);
  });

  it("keeps the fortnightly rhythm whatever day it is asked from", () => {
    const fortnightly = { ...weekly, cadence: "every_n_weeks" as const, intervalWeeks: 2 };
    expect(occurrences(fortnightly, "2026-12-03", 3)).toEqual(["2026-12-16", "2026-12-30", "2027-01-13"]);
  });

  it("gives the nth and the last weekday of each month", () => {
    const second = { ...weekly, cadence: "monthly_weekday" as const, firstDate: "2026-12-08", weekOfMonth: 2 };
    expect(occurrences(second, "2026-12-01", 3)).toEqual(["2026-12-08", "2027-01-12", "2027-02-09"]);
    const last = { ...weekly, cadence: "monthly_weekday" as const, firstDate: "2026-12-25", weekOfMonth: 5 };
    expect(occurrences(last, "2026-12-01", 3)).toEqual(["2026-12-25", "2027-01-29", "2027-02-26"]);
  });

  it("turns local wall-clock times into instants on both sides of DST, in London and New York", () => {
    expect(instantOf("2027-03-24", "12:30", "Europe/London").toISOString()).toBe("2027-03-24T12:30:00.000Z");
    expect(instantOf("2027-03-31", "12:30", "Europe/London").toISOString()).toBe("2027-03-31T11:30:00.000Z");
    expect(instantOf("2027-03-10", "12:30", "America/New_York").toISOString()).toBe("2027-03-10T17:30:00.000Z");
    expect(instantOf("2027-03-17", "12:30", "America/New_York").toISOString()).toBe("2027-03-17T16:30:00.000Z");
  });

  it("describes a slot in the network's local time with its zone", () => {
    expect(describeSlot(new Date("2027-04-07T11:30:00Z"), 90, "Europe/London")).toBe("Wed 7 Apr 2027, 12:30–14:00 BST");
  });

  it("accepts IANA zone names and refuses anything else", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    for (const bad of ["Mars/Base", "", "GMT+1", "x".repeat(100)]) expect(isValidTimeZone(bad)).toBe(false);
  });
});

describe("reminder offsets", () => {
  it("reads durations before and after the start with minute precision", () => {
    expect(parseOffsets("1d, 2h, 15m, +10m")).toEqual([1440, 120, 15, -10]);
    expect(formatOffsets(parseOffsets("90m, 1d"))).toBe("1d, 90m");
  });

  it("says which part it cannot read", () => {
    expect(() => parseOffsets("1d, soon")).toThrow('"soon" is not a time like 1d, 2h or 15m.');
    expect(() => parseOffsets("31d")).toThrow("more than 30 days");
  });
});

describe("the setup form's checks", () => {
  it("accepts a good form and derives the meeting weekday from the first date", () => {
    const parsed = parseSetup(SETUP_VALUES);
    expect(parsed).toMatchObject({ ok: true, settings: { weekday: 3, cadence: "weekly", casesPerSession: 2 } });
  });

  it("names each wrong field with a message saying how to fix it", () => {
    const parsed = parseSetup({
      ...SETUP_VALUES,
      name: "",
      durationMinutes: "ninety",
      casesPerSession: "3",
      startTime: "25:00",
      cadence: "daily",
      name2: "x",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({
      name: "Give the network a name.",
      durationMinutes: "The duration in minutes must be a whole number.",
      casesPerSession: "Choose 1 or 2 cases per session.",
      startTime: "Give the start time as HH:MM, 24-hour (e.g. 12:30).",
      cadence: "Choose how often the network meets.",
    });
  });

  it("refuses over-long text rather than cutting it", () => {
    const parsed = parseSetup({ ...SETUP_VALUES, name: "n".repeat(81), videoLink: `https://x.org/${"a".repeat(600)}` });
    expect(parsed).toMatchObject({
      ok: false,
      errors: { name: "Keep the name to 80 characters.", videoLink: "Keep the link to 500 characters." },
    });
  });

  it("insists a last-weekday cadence starts on a last weekday", () => {
    expect(parseSetup({ ...SETUP_VALUES, cadence: "monthly:last", firstDate: "2026-12-02" })).toMatchObject({
      ok: false,
      errors: { firstDate: expect.stringContaining("last such weekday") },
    });
    expect(parseSetup({ ...SETUP_VALUES, cadence: "monthly:last", firstDate: "2026-12-30" })).toMatchObject({
      ok: true,
      settings: { weekOfMonth: 5 },
    });
  });
});
