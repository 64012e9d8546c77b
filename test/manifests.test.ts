import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import Ajv from "ajv";
import AjvDraft04 from "ajv-draft-04";
import { SUBCOMMANDS } from "../src/core/commands/grammar";
import { BOT_SCOPES, REDIRECT_PATH } from "../src/slack/oauth";

// Copies of the published schemas are kept in the repository (test/fixtures/schemas/README.md names their source and
// licence), so the tests need nothing beside the checkout.
const schemaDir = path.resolve(__dirname, "fixtures", "schemas");
const manifestDir = path.resolve(__dirname, "..", "manifests");
const teamsDir = path.join(manifestDir, "teams");

// Teams allows at most 12 commands in one command list and 3 lists per bot (teams-app-manifest.schema.v1.24.json,
// bots[].commandLists: maxItems 3, commands: maxItems 12).
const TEAMS_MAX_COMMANDS_PER_LIST = 12;
const TEAMS_MAX_COMMAND_LISTS = 3;

interface SlackManifest {
  display_information: { name: string };
  features: {
    bot_user?: { display_name: string };
    slash_commands: Array<{ command: string; url?: string; usage_hint?: string; should_escape?: boolean }>;
  };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

interface TeamsCommandList {
  scopes: string[];
  commands: Array<{ title: string; description: string }>;
}

interface TeamsManifest {
  id: string;
  developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  name: { short: string; full?: string };
  icons: { color: string; outline: string };
  validDomains?: string[];
  bots: Array<{ botId: string; scopes: string[]; commandLists?: TeamsCommandList[] }>;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function formatErrors(errors: unknown): string {
  return JSON.stringify(errors, null, 2);
}

/**
 * The subcommands of the command surface in the product design (DESIGN.md, "Command surface"), copied here as the
 * contract the manifests and the command grammar must both follow.
 */
const DESIGN_SUBCOMMANDS = [
  "help",
  "setup",
  "schedule",
  "topics",
  "propose",
  "vote",
  "present",
  "rotation",
  "case",
  "attend",
  "end",
  "survey",
  "results",
  "recording",
  "library",
  "report",
  "export",
  "role",
];

function designSubcommands(): string[] {
  return [...DESIGN_SUBCOMMANDS];
}

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** RGBA pixels, row by row; only filled for 8-bit RGBA non-interlaced images. */
  rgba?: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads a PNG's IHDR and, for 8-bit RGBA images, decodes the pixels (all five scanline filters). */
function readPng(file: string): Png {
  const data = fs.readFileSync(file);
  if (!data.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error(`${file} is not a PNG`);
  if (data.toString("latin1", 12, 16) !== "IHDR") throw new Error(`${file} does not start with IHDR`);
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const bitDepth = data.readUInt8(24);
  const colorType = data.readUInt8(25);
  const interlace = data.readUInt8(28);
  if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) return { width, height, bitDepth, colorType };

  const idat: Buffer[] = [];
  for (let pos = 8; pos < data.length; ) {
    const length = data.readUInt32BE(pos);
    const kind = data.toString("latin1", pos + 4, pos + 8);
    if (kind === "IDAT") idat.push(data.subarray(pos + 8, pos + 8 + length));
    pos += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw.readUInt8(y * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const value = raw.readUInt8(y * (stride + 1) + 1 + x);
      const left = x >= 4 ? rgba.readUInt8(y * stride + x - 4) : 0;
      const up = y > 0 ? rgba.readUInt8((y - 1) * stride + x) : 0;
      const upLeft = x >= 4 && y > 0 ? rgba.readUInt8((y - 1) * stride + x - 4) : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = Math.floor((left + up) / 2);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (filter !== 0) throw new Error(`${file}: unknown PNG filter ${filter}`);
      rgba.writeUInt8((value + predictor) & 0xff, y * stride + x);
    }
  }
  return { width, height, bitDepth, colorType, rgba };
}

// Both schemas use `format: "uri"` (only on `$schema`), and the Slack schema carries non-standard annotation
// keywords (`regex`, `_note`). ajv-formats is not a dependency of this project, so formats are not validated and
// strict mode is off so that unknown keywords are ignored, as Slack's and Microsoft's own validators do.
const ajvOptions = { strict: false, validateFormats: false, allErrors: true } as const;

const slackSchema = readJson(path.join(schemaDir, "slack-app-manifest.schema.1.0.0.json")) as object;
const teamsSchema = readJson(path.join(schemaDir, "teams-app-manifest.schema.v1.24.json")) as object;
const validateSlack = new Ajv(ajvOptions).compile(slackSchema);
const validateTeams = new AjvDraft04(ajvOptions).compile(teamsSchema);

const slack = readJson(path.join(manifestDir, "slack", "manifest.json")) as SlackManifest;
const teams = readJson(path.join(teamsDir, "manifest.json")) as TeamsManifest;
const subcommands = designSubcommands();

describe("the command contract", () => {
  test("the command grammar knows exactly the DESIGN.md subcommands", () => {
    expect([...SUBCOMMANDS].sort()).toEqual([...subcommands].sort());
  });
});

describe("the Slack app manifest", () => {
  test("the Slack manifest is valid against Slack's published schema", () => {
    const valid = validateSlack(slack);
    expect(formatErrors(validateSlack.errors)).toBe("null");
    expect(valid).toBe(true);
  });

  test("the schema check is not vacuous: a slash command without its leading slash is rejected", () => {
    const broken = structuredClone(slack);
    const command = broken.features.slash_commands[0];
    if (!command) throw new Error("no slash command");
    command.command = "echo";
    expect(validateSlack(broken)).toBe(false);
    expect(validateSlack.errors?.map((error) => error.instancePath)).toContain("/features/slash_commands/0/command");
  });

  test("the app has exactly one slash command, /echo, delivered to /slack/events", () => {
    expect(slack.features.slash_commands).toHaveLength(1);
    const [command] = slack.features.slash_commands;
    expect(command?.command).toBe("/echo");
    expect(command?.should_escape).toBe(true);
    expect(new URL(command?.url ?? "").pathname).toMatch(/\/slack\/events$/);
  });

  test("interactivity and events are delivered to /slack/events over HTTP, not Socket Mode", () => {
    expect(slack.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(slack.settings.interactivity.request_url).pathname).toMatch(/\/slack\/events$/);
    expect(new URL(slack.settings.event_subscriptions.request_url).pathname).toMatch(/\/slack\/events$/);
    expect([...slack.settings.event_subscriptions.bot_events].sort()).toEqual([
      "app_mention",
      "app_uninstalled",
      "member_joined_channel",
      "member_left_channel",
      "message.im",
      "tokens_revoked",
    ]);
    expect(slack.settings.socket_mode_enabled).toBe(false);
  });

  test("the bot asks for the scopes the adapter needs", () => {
    expect([...slack.oauth_config.scopes.bot].sort()).toEqual(
      [
        "app_mentions:read",
        "channels:read",
        "chat:write",
        "chat:write.public",
        "commands",
        // exports are uploaded to the asker's direct message (files.uploadV2)
        "files:write",
        "groups:read",
        "im:history",
        // reading back recent messages lets a retried reminder find the one it already posted (exactly once)
        "channels:history",
        "groups:history",
        "im:write",
        "users:read",
      ].sort(),
    );
  });

  test("an OAuth install asks Slack for exactly the manifest's scopes, and comes back to /slack/oauth_redirect", () => {
    expect([...BOT_SCOPES].sort()).toEqual([...slack.oauth_config.scopes.bot].sort());
    expect(slack.oauth_config.redirect_urls.map((url) => new URL(url).pathname)).toEqual([REDIRECT_PATH]);
  });

  test("the usage hint lists every DESIGN.md subcommand and nothing else", () => {
    const words = (slack.features.slash_commands[0]?.usage_hint ?? "")
      .split("|")
      .map((part) => part.trim().split(/\s+/)[0]);
    expect(words.every((word) => word !== undefined && subcommands.includes(word))).toBe(true);
    expect([...words].sort()).toEqual([...subcommands].sort());
  });
});

describe("the Teams app manifest", () => {
  const bot = teams.bots[0];
  const commandLists = bot?.commandLists ?? [];

  test("the Teams manifest is valid against Microsoft's published v1.24 schema", () => {
    const valid = validateTeams(teams);
    expect(formatErrors(validateTeams.errors)).toBe("null");
    expect(valid).toBe(true);
  });

  test("the schema check is not vacuous: a command list longer than the limit is rejected", () => {
    const broken = structuredClone(teams);
    const list = broken.bots[0]?.commandLists?.[0];
    if (!list) throw new Error("no command list");
    list.commands = Array.from({ length: TEAMS_MAX_COMMANDS_PER_LIST + 1 }, (_, i) => ({
      title: `c${i}`,
      description: "x",
    }));
    expect(validateTeams(broken)).toBe(false);
    expect(validateTeams.errors?.map((error) => error.instancePath)).toContain("/bots/0/commandLists/0/commands");
  });

  test("the bot may send files (exports come as file consent cards in personal chat, which needs supportsFiles)", () => {
    expect((bot as { supportsFiles?: boolean } | undefined)?.supportsFiles).toBe(true);
    expect(bot?.scopes).toContain("personal");
  });

  test("the short name is teleecho and fits Teams' 30 characters", () => {
    expect(teams.name.short).toBe("teleecho");
    expect(teams.name.short.length).toBeLessThanOrEqual(30);
  });

  test("the app id is a fixed GUID and the bot id is the placeholder GUID to be replaced at deployment", () => {
    const guid = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
    expect(teams.id).toMatch(guid);
    expect(teams.id).not.toBe("00000000-0000-0000-0000-000000000000");
    expect(teams.bots).toHaveLength(1);
    expect(bot?.botId).toBe("00000000-0000-0000-0000-000000000000");
  });

  test("the bot works in personal chats, teams and group chats", () => {
    expect([...(bot?.scopes ?? [])].sort()).toEqual(["groupChat", "personal", "team"]);
  });

  test("the command lists cover personal and team scopes and stay within Teams' limits", () => {
    expect(commandLists.length).toBeLessThanOrEqual(TEAMS_MAX_COMMAND_LISTS);
    const scopes = commandLists.flatMap((list) => list.scopes);
    expect(scopes).toEqual(expect.arrayContaining(["personal", "team"]));
    expect(new Set(scopes).size).toBe(scopes.length);
    for (const list of commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(TEAMS_MAX_COMMANDS_PER_LIST);
      const titles = list.commands.map((command) => command.title);
      expect(new Set(titles).size).toBe(titles.length);
      expect(titles).toContain("help");
    }
  });

  test("every command listed in the Teams manifest is one of DESIGN.md's subcommands", () => {
    const titles = commandLists.flatMap((list) => list.commands.map((command) => command.title));
    const unknown = titles.filter((title) => !subcommands.includes(title));
    expect(unknown).toEqual([]);
  });

  test("the colour icon is a 192×192 PNG beside the manifest", () => {
    const file = path.join(teamsDir, teams.icons.color);
    expect(fs.existsSync(file)).toBe(true);
    const png = readPng(file);
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  test("the outline icon is a 32×32 PNG, white on a transparent background", () => {
    const file = path.join(teamsDir, teams.icons.outline);
    expect(fs.existsSync(file)).toBe(true);
    const png = readPng(file);
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(png.colorType).toBe(6); // RGBA: the outline icon needs an alpha channel
    const rgba = png.rgba;
    if (!rgba) throw new Error("outline icon is not 8-bit RGBA");
    let opaque = 0;
    let transparent = 0;
    let notWhite = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba.readUInt8(i + 3) === 0) {
        transparent++;
        continue;
      }
      opaque++;
      if (rgba.readUInt8(i) !== 255 || rgba.readUInt8(i + 1) !== 255 || rgba.readUInt8(i + 2) !== 255) notWhite++;
    }
    expect(notWhite).toBe(0);
    expect(opaque).toBeGreaterThan(0);
    expect(transparent).toBeGreaterThan(0);
  });

  test("the developer links and valid domains point at the bot's host", () => {
    const { websiteUrl, privacyUrl, termsOfUseUrl } = teams.developer;
    for (const url of [websiteUrl, privacyUrl, termsOfUseUrl]) {
      expect(new URL(url).protocol).toBe("https:");
      expect(teams.validDomains).toContain(new URL(url).hostname);
    }
  });
});

describe("DESIGN.md's command surface", () => {
  test("the subcommand list is read from DESIGN.md", () => {
    expect(subcommands).toEqual(expect.arrayContaining(["help", "setup", "propose", "library", "report", "role"]));
    expect(new Set(subcommands).size).toBe(subcommands.length);
  });
});
