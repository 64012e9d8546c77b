/**
 * The Teams bot: messages are commands, `Action.Execute` clicks are core actions, dialogs are core forms. Each handler
 * parses with zod, calls the core and renders; failures go to `adapter.onTurnError` (see failures.ts).
 */
import { type InvokeResponse, TeamsActivityHandler, type TurnContext } from "botbuilder";
import type { Ctx } from "../core/context";
import { DomainError } from "../core/errors";
import type { ExportFile, Reply } from "../core/ui/model";
import type { AdapterServices } from "../services";
import { ActionExecuteValue, FileConsentValue, TaskFetchValue, TaskSubmitValue } from "./activity";
import { allowedServiceUrl, authenticatedForServiceUrl } from "./admission";
import { fileInfoCard, offerFiles, uploadFile, uploadUrlPolicy } from "./files";
import { rosterChange } from "./membership";
import type { TeamsMessenger } from "./messenger";
import type { TeamsPeople } from "./people";
import {
  ADAPTIVE_CARD,
  cardMessage,
  dialogMessage,
  dialogResponse,
  formLauncher,
  formValues,
  imageMessage,
  renderCard,
  type TaskResponse,
  textMessage,
  typedValues,
} from "./render";
import { commandText, inbound, saveReferences, type TurnOptions, tenantOf, turnCtx } from "./turn";

export interface BotOptions extends TurnOptions {
  /** TEAMS_SERVICE_URLS: the Bot Connector's service URL prefixes, the only ones references are kept for */
  serviceUrls: readonly string[];
  /** guest status and ids the Bot Connector told us, shared with the roster directory */
  people: TeamsPeople;
  /** posts to a person's personal chat (files are offered only there) */
  personal: Pick<TeamsMessenger, "post">;
}

const stale = () => new DomainError("stale", "That button or form is out of date. Run the command again.");

/** The body of an `adaptiveCard/action` response that shows a short message on the card. */
const cardNotice = (text: string) => ({
  statusCode: 200,
  type: "application/vnd.microsoft.activity.message",
  value: text,
});

const FILES_SENT =
  "Sent to you alone, in your personal chat with teleecho: accept each file there to save it to your OneDrive.";
const IMAGE_SENT = "Sent to you alone, in your personal chat with teleecho.";
const FILE_GONE =
  "That file is no longer waiting for you: it was saved, declined, or a day has passed. Type `export` in the network's channel for a fresh copy.";

/** Short text that says what a reply sent as a message was, for the card's or dialog's notice. */
function gist(reply: Reply): string {
  if (reply.kind === "text") return reply.text;
  if (reply.kind === "card") return reply.card.fallback || reply.card.title;
  if (reply.kind === "files") return FILES_SENT;
  if (reply.kind === "image") return reply.here ? reply.card.fallback : IMAGE_SENT;
  return `Open the form from the message: ${reply.form.title}.`;
}

export class TeleechoBot extends TeamsActivityHandler {
  constructor(
    private readonly services: AdapterServices,
    private readonly options: BotOptions,
  ) {
    super();
    this.onTurn(async (turn, next) => {
      await this.keepReferences(turn);
      await next();
    });
    this.onMessage(async (turn, next) => {
      await this.command(turn);
      await next();
    });
    this.onTeamsMembersAddedEvent(async (added, _team, turn, next) => {
      await rosterChange(services, options.people, turn, { added });
      await next();
    });
    this.onTeamsMembersRemovedEvent(async (removed, _team, turn, next) => {
      await rosterChange(services, options.people, turn, { removed });
      await next();
    });
  }

  /** References are kept only from turns Microsoft signed for the activity's service URL, and only for its hosts. */
  private async keepReferences(turn: TurnContext): Promise<void> {
    if (!authenticatedForServiceUrl(turn)) return;
    const { serviceUrl } = inbound(turn);
    if (allowedServiceUrl(serviceUrl, this.options.serviceUrls)) await saveReferences(turn, this.services.store);
    else
      this.services.log.warn("teams: service URL not in TEAMS_SERVICE_URLS; its conversation reference is not kept", {
        serviceUrl: serviceUrl.slice(0, 200),
      });
  }

  /** Who is acting and where, with whether the Bot Connector says they are a guest. */
  private async ctx(turn: TurnContext): Promise<Ctx> {
    const guest = await this.options.people.guest(turn, tenantOf(turn.activity) ?? "");
    return turnCtx(turn, this.options, guest);
  }

  /** A message to the bot (personal chat, or an @mention in a channel or group chat) is a command. */
  private async command(turn: TurnContext): Promise<void> {
    const activity = inbound(turn);
    // the Bot Connector may deliver a message again when it thinks the first delivery failed
    if (
      activity.id &&
      !(await this.services.store.requests.firstTime(`teams:${activity.conversation.id}#${activity.id}`))
    )
      return;
    const words = await commandText(turn, this.services.log);
    await this.send(turn, await this.services.core.command(await this.ctx(turn), words));
  }

  /**
   * Sends a reply into the turn's conversation. Teams has no ephemeral messages, so a private reply goes where the
   * command was typed, like a public one: in a channel that is the thread the bot was mentioned in.
   */
  private async send(turn: TurnContext, reply: Reply): Promise<void> {
    if (reply.kind === "text") await turn.sendActivity(textMessage(reply.text));
    else if (reply.kind === "card") await turn.sendActivity(cardMessage(reply.card));
    else if (reply.kind === "files") await this.sendFiles(turn, reply.text, reply.files);
    else if (reply.kind === "image") await this.sendImage(turn, imageMessage(reply.card, reply.image), reply.here);
    else await turn.sendActivity(cardMessage(formLauncher(reply.form)));
  }

  /**
   * A card with its picture (the report): into this conversation with `here`, else to the asker's personal chat, and
   * asked in a channel, the thread hears only that it was sent.
   */
  private async sendImage(turn: TurnContext, message: ReturnType<typeof imageMessage>, here: boolean): Promise<void> {
    if (here || inbound(turn).conversation.conversationType === "personal") {
      await turn.sendActivity(message);
      return;
    }
    await this.options.personal.post(turnCtx(turn, this.options).actor.user, message);
    await turn.sendActivity(textMessage(IMAGE_SENT));
  }

  /**
   * Files go to the asker's personal chat only, as consent cards (see files.ts); asked in a channel, the thread
   * hears only that they were sent.
   */
  private async sendFiles(turn: TurnContext, text: string, files: readonly ExportFile[]): Promise<void> {
    // only who is asking (the guest lookup of `ctx` is for access decisions, which the core has made)
    const { actor } = turnCtx(turn, this.options);
    const cards = await offerFiles(this.services.store.pendingFiles, actor.user, files, this.services.clock.now());
    const offer = { ...textMessage(text), attachments: cards };
    if (inbound(turn).conversation.conversationType === "personal") {
      await turn.sendActivity(offer);
      return;
    }
    await this.options.personal.post(actor.user, offer);
    await turn.sendActivity(textMessage(FILES_SENT));
  }

  /**
   * The person's answer to a file consent card. The file is taken only by the person it was made for; on accept the
   * bytes go to the upload session Teams opened in their OneDrive (an https URL), then a card that opens the file.
   */
  private async fileConsent(turn: TurnContext): Promise<void> {
    const parsed = FileConsentValue.safeParse(turn.activity.value);
    if (!parsed.success) throw stale();
    const { action, context, uploadInfo } = parsed.data;
    // only who is answering: the file is theirs or nobody's
    const { actor } = turnCtx(turn, this.options);
    const store = this.services.store.pendingFiles;
    const pending = await store.find(context.file, this.services.clock.now());
    if (!pending || pending.owner !== actor.user) {
      if (pending)
        this.services.log.warn("teams: a file consent for someone else's file was refused", { by: actor.user });
      await turn.sendActivity(textMessage(FILE_GONE));
      return;
    }
    const { name } = pending.file;
    if (action === "decline") {
      await store.remove(context.file);
      await turn.sendActivity(
        textMessage(`Not sent: ${name}. Type \`export\` in the network's channel when you want it.`),
      );
      return;
    }
    if (!uploadInfo || !uploadUrlPolicy(this.options.serviceUrls)(uploadInfo.uploadUrl)) {
      this.services.log.warn("teams: a file consent came without an https upload session; nothing uploaded", {
        by: actor.user,
      });
      throw new DomainError(
        "invalid_input",
        `Teams did not give a place in your OneDrive for ${name}; nothing was sent. Try \`export\` again.`,
      );
    }
    // taking the file claims it: of two accepts at once (a double click, Teams sending the invoke again), one uploads
    if (!(await store.remove(context.file))) {
      await turn.sendActivity(textMessage(FILE_GONE));
      return;
    }
    try {
      await uploadFile(uploadInfo.uploadUrl, pending.file);
    } catch (error) {
      // not uploaded: the file waits again, so that accepting once more can work
      await store.put(actor.user, pending.file, pending.expiresAt, context.file);
      throw error;
    }
    await turn.sendActivity({ type: "message", attachments: [fileInfoCard(uploadInfo)] });
  }

  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    switch (turn.activity.name) {
      case "adaptiveCard/action":
        return { status: 200, body: await this.cardAction(turn) };
      case "task/fetch":
        return { status: 200, body: await this.openDialog(turn) };
      case "task/submit":
        return { status: 200, body: await this.submitDialog(turn) };
      case "fileConsent/invoke":
        await this.fileConsent(turn);
        return { status: 200 };
      default:
        return super.onInvokeActivity(turn);
    }
  }

  /** `Action.Execute`: the verb is the core's action id. A card that replaces the original comes back in the response. */
  private async cardAction(turn: TurnContext): Promise<unknown> {
    const parsed = ActionExecuteValue.safeParse(turn.activity.value);
    if (!parsed.success) throw stale();
    const { verb, data } = parsed.data.action;
    const reply = await this.services.core.action(await this.ctx(turn), verb, data?.value ?? "");
    if (reply.kind === "card" && reply.replaceOriginal)
      return { statusCode: 200, type: ADAPTIVE_CARD, value: renderCard(reply.card) };
    // private text goes only to the person who clicked, as the card's notice; posting it would show the whole channel
    if (reply.kind === "text" && reply.visibility === "private") return cardNotice(reply.text);
    await this.send(turn, reply);
    return cardNotice(gist(reply));
  }

  /** `task/fetch` from a button that opens a form: the core's form as a dialog. */
  private async openDialog(turn: TurnContext): Promise<TaskResponse> {
    const parsed = TaskFetchValue.safeParse(turn.activity.value);
    if (!parsed.success) throw stale();
    const reply = await this.services.core.action(await this.ctx(turn), parsed.data.data.verb, parsed.data.data.value);
    if (reply.kind === "form") return dialogResponse(reply.form);
    await this.send(turn, reply);
    return dialogMessage(gist(reply));
  }

  /**
   * `task/submit`: the dialog's values go to the core as they came, and the form's own schema reads them. Field errors
   * show the dialog again with what was typed and each message under its field (the only time the form is built
   * again: Teams does not send the dialog back); success closes it with a short note and posts the reply.
   */
  private async submitDialog(turn: TurnContext): Promise<TaskResponse> {
    const parsed = TaskSubmitValue.safeParse(turn.activity.value);
    if (!parsed.success) throw stale();
    const { formId, metadata } = parsed.data.data;
    const ctx = await this.ctx(turn);
    const values = formValues(parsed.data.data);
    const result = await this.services.core.submitForm(ctx, formId, metadata, values);
    if (result.kind === "errors") {
      const form = await this.services.core.openForm(ctx, formId, metadata);
      return dialogResponse(form, { values: typedValues(values, form.fields), errors: result.errors });
    }
    if (result.reply?.kind === "form") return dialogResponse(result.reply.form);
    // a private reply is shown in the dialog's closing message only: posting it would show it to the whole channel
    if (result.reply && !(result.reply.kind === "text" && result.reply.visibility === "private"))
      await this.send(turn, result.reply);
    if (result.announce) await turn.sendActivity(cardMessage(result.announce));
    return dialogMessage(result.reply?.kind === "text" ? result.reply.text : "Saved.");
  }
}
