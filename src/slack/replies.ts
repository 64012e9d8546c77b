/**
 * Where a core Reply goes on Slack. Each surface (a slash command, a button click, a modal submission, a mention or
 * direct message) has its own ways to answer privately, publicly, in place, or with a modal; `deliver` picks one
 * for the Reply, and the same responder carries error text (always private).
 */
import http from "node:http";
import https from "node:https";
import type { webApi } from "@slack/bolt";
import { formLauncher } from "../core/app-refs";
import type { Card, CardImage, ExportFile, Form, Reply } from "../core/ui/model";
import { slackErrorCode } from "./errors";
import { sentPrivately, uploadToChannel, uploadToDirectMessage } from "./files";
import { cardMessage, cardMrkdwn, formView, type SlackMessage, textMessage } from "./render";
import { encodeViewMetadata } from "./view-metadata";

type WebClient = webApi.WebClient;

export interface Responder {
  /** visible to the actor only */
  private(message: SlackMessage): Promise<void>;
  /** visible to the channel */
  public(message: SlackMessage): Promise<void>;
  /** replaces the message that was clicked; where there is none, a private answer */
  replace(message: SlackMessage): Promise<void>;
  form(form: Form): Promise<void>;
  /** files for the actor alone: to their direct message with the bot, and a private note where they asked */
  files(text: string, files: readonly ExportFile[]): Promise<void>;
  /** a card with its picture, as one upload: to the actor's direct message, or with `here` to where they asked */
  image(card: Card, image: CardImage, here: boolean): Promise<void>;
}

export async function deliver(reply: Reply, out: Responder): Promise<void> {
  if (reply.kind === "form") return out.form(reply.form);
  if (reply.kind === "files") return out.files(reply.text, reply.files);
  if (reply.kind === "image") return out.image(reply.card, reply.image, reply.here);
  const message = reply.kind === "text" ? textMessage(reply.text) : cardMessage(reply.card);
  if (reply.kind === "card" && reply.replaceOriginal) return out.replace(message);
  return reply.visibility === "public" ? out.public(message) : out.private(message);
}

/** What every surface knows about where it happened. */
export interface Surface {
  client: WebClient;
  /** Slack channel id */
  channel: string;
  /** Slack user id of the actor */
  user: string;
  /** neutral channel address (travels with a modal) */
  channelAddress: string;
  responseUrl?: string;
  triggerId?: string;
}

/** Slack's response_urls are on this host, and only there. */
export const SLACK_HOOKS_ORIGIN = "https://hooks.slack.com";

/**
 * Which response_urls may be called: Slack's hooks host over https, or the origin of a configured Web API URL
 * (SLACK_API_URL: a test's fake or a proxy). A payload is signed by Slack, but its URL is still data from outside, and
 * the bot never posts (a reply that may quote case text) anywhere else.
 */
export function responseUrlPolicy(apiUrl?: string): (url: string) => boolean {
  const origins = new Set([SLACK_HOOKS_ORIGIN]);
  if (apiUrl) origins.add(new URL(apiUrl).origin);
  return (url) => {
    try {
      const parsed = new URL(url);
      return origins.has(parsed.origin) && !parsed.username && !parsed.password;
    } catch {
      return false;
    }
  };
}

/**
 * Kept-alive connections to the response_url host, at most 16 at once: in a crowd (500 people clicking in a second)
 * the replies queue here, behind the acknowledgements, instead of each opening a connection. node:http rather than
 * fetch: a reply is one small POST, and fetch's streams cost more than the reply itself.
 */
const replyAgents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 16 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 16 }),
};
const REPLY_TIMEOUT_MS = 10_000;

/** POSTs to a response_url (valid 30 minutes, 5 uses); ephemeral unless `response_type` says otherwise. */
export function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:")
    return Promise.reject(new Error("a response_url is http(s)"));
  const payload = JSON.stringify(body);
  const transport = target.protocol === "https:" ? https : http;
  return new Promise<void>((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: "POST",
        agent: replyAgents[target.protocol as keyof typeof replyAgents],
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        timeout: REPLY_TIMEOUT_MS,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume(); // the answer's body ("ok") is not needed; reading it frees the connection
        response.on("end", () =>
          status >= 200 && status < 300 ? resolve() : reject(new Error(`response_url answered ${status}`)),
        );
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`response_url did not answer in ${REPLY_TIMEOUT_MS} ms`)));
    request.on("error", reject);
    request.end(payload);
  });
}

async function openModal(surface: Surface, form: Form): Promise<void> {
  if (!surface.triggerId) throw new Error("no trigger_id to open a modal with");
  const privateMetadata = encodeViewMetadata({
    channel: surface.channelAddress,
    metadata: form.metadata,
    ...(surface.responseUrl ? { responseUrl: surface.responseUrl } : {}),
  });
  await surface.client.views.open({ trigger_id: surface.triggerId, view: formView(form, privateMetadata) });
}

/** Uploads to the actor's direct message, then tells them so privately where they asked. */
const filesTo =
  (s: Surface, privately: (m: SlackMessage) => Promise<void>) => async (text: string, files: readonly ExportFile[]) => {
    await uploadToDirectMessage(s.client, s.user, text, files);
    await privately(textMessage(sentPrivately(files)));
  };

const IMAGE_SENT = "Sent to you alone, in your direct message with teleecho.";

/**
 * A card and its picture in one upload (the picture shows with the message): into the conversation asked in with
 * `here` (or when that is the direct message itself), else to the actor's direct message and a private note here.
 */
const imageTo =
  (s: Surface, privately: (m: SlackMessage) => Promise<void>, isDirect = false) =>
  async (card: Card, image: CardImage, here: boolean) => {
    const upload = [{ name: image.name, content: image.content, alt: image.alt }];
    if (here || isDirect) return uploadToChannel(s.client, s.channel, cardMrkdwn(card), upload);
    await uploadToDirectMessage(s.client, s.user, card.fallback, upload, cardMrkdwn(card));
    await privately(textMessage(IMAGE_SENT));
  };

const ephemeral = (s: Surface, m: SlackMessage) =>
  s.client.chat.postEphemeral({ channel: s.channel, user: s.user, ...m }).then(() => undefined);

/** A slash command: answers through its response_url, so it works in channels the bot is not in. */
export function commandResponder(s: Surface & { responseUrl: string }): Responder {
  const privately = (m: SlackMessage) => postToResponseUrl(s.responseUrl, { response_type: "ephemeral", ...m });
  return {
    private: privately,
    public: (m) => postToResponseUrl(s.responseUrl, { response_type: "in_channel", ...m }),
    replace: privately,
    form: (form) => openModal(s, form),
    files: filesTo(s, privately),
    image: imageTo(s, privately),
  };
}

/** A button click on a message: replaces that message or answers beside it. */
export function actionResponder(s: Surface): Responder {
  const url = s.responseUrl;
  const privately = (m: SlackMessage) =>
    url ? postToResponseUrl(url, { response_type: "ephemeral", replace_original: false, ...m }) : ephemeral(s, m);
  return {
    private: privately,
    public: (m) =>
      url
        ? postToResponseUrl(url, { response_type: "in_channel", replace_original: false, ...m })
        : s.client.chat.postMessage({ channel: s.channel, ...m }).then(() => undefined),
    replace: (m) => (url ? postToResponseUrl(url, { replace_original: true, ...m }) : privately(m)),
    form: (form) => openModal(s, form),
    files: filesTo(s, privately),
    image: imageTo(s, privately),
  };
}

const NOT_A_MEMBER = new Set(["not_in_channel", "channel_not_found"]);

/**
 * After a modal is submitted and closed: public posts go to the network's channel with chat.postMessage (through
 * the opener's response_url when the bot may not post there); private ones go back the way the modal was opened.
 */
export function submissionResponder(s: Surface): Responder {
  const url = s.responseUrl;
  const privately = (m: SlackMessage) =>
    url ? postToResponseUrl(url, { response_type: "ephemeral", replace_original: false, ...m }) : ephemeral(s, m);
  return {
    private: privately,
    public: async (m) => {
      try {
        await s.client.chat.postMessage({ channel: s.channel, ...m });
      } catch (error) {
        if (!url || !NOT_A_MEMBER.has(String(slackErrorCode(error)))) throw error;
        await postToResponseUrl(url, { response_type: "in_channel", replace_original: false, ...m });
      }
    },
    replace: (m) => (url ? postToResponseUrl(url, { replace_original: true, ...m }) : privately(m)),
    form: (form) => openModal(s, form),
    files: filesTo(s, privately),
    image: imageTo(s, privately),
  };
}

/**
 * A mention in a channel or a direct message. There is no trigger_id here, so a form is offered as a button that
 * opens it (the core's `echo.form.open` action).
 */
export function eventResponder(s: Surface & { isDirect: boolean; threadTs?: string }): Responder {
  const thread = s.threadTs ? { thread_ts: s.threadTs } : {};
  const post = (m: SlackMessage) =>
    s.client.chat.postMessage({ channel: s.channel, ...thread, ...m }).then(() => undefined);
  const privately = (m: SlackMessage) =>
    s.isDirect
      ? post(m)
      : s.client.chat.postEphemeral({ channel: s.channel, user: s.user, ...thread, ...m }).then(() => undefined);
  return {
    private: privately,
    public: post,
    replace: privately,
    form: (form) => privately(cardMessage(formLauncher(form))),
    // asked in the direct message itself: the files come with their line, and need no note
    files: s.isDirect ? (text, files) => uploadToDirectMessage(s.client, s.user, text, files) : filesTo(s, privately),
    image: imageTo(s, privately, s.isDirect),
  };
}
