/**
 * The browser's side of installing the Slack app with OAuth, for tests: open /slack/install (the page, its "Add to
 * Slack" link with the signed state, and the state cookie), then come back to /slack/oauth_redirect with the code the
 * fake Slack hands out for a workspace, as Slack's authorize page would redirect the installer.
 */
import type { FakeWorkspace } from "./fake-slack";
import type { SlackHarness } from "./slack";

export interface InstallPage {
  status: number;
  html: string;
  /** the "Add to Slack" link */
  link: URL;
  state: string;
  /** the state cookie, as a browser would send it back */
  cookie: string;
}

export async function openInstallPage(h: SlackHarness): Promise<InstallPage> {
  const response = await fetch(`${h.base}/slack/install`);
  const html = await response.text();
  const href = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec(html)?.[1] ?? "";
  const link = new URL(href.replaceAll("&amp;", "&"));
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { status: response.status, html, link, state: link.searchParams.get("state") ?? "", cookie };
}

let codes = 0;

/** Slack's redirect back after the installer approved (or, with `error`, cancelled) the install. */
export async function comeBack(
  h: SlackHarness,
  page: Pick<InstallPage, "state" | "cookie">,
  workspace: FakeWorkspace | { error: string },
): Promise<{ status: number; html: string }> {
  const query = new URLSearchParams({ state: page.state });
  if ("error" in workspace) query.set("error", workspace.error);
  else {
    codes += 1;
    const code = `code-${workspace.id}-${codes}`;
    h.fake.codes.set(code, workspace);
    query.set("code", code);
  }
  const response = await fetch(`${h.base}/slack/oauth_redirect?${query}`, {
    headers: page.cookie ? { cookie: page.cookie } : {},
  });
  return { status: response.status, html: await response.text() };
}

/** The whole install of the app into a workspace. */
export async function install(h: SlackHarness, workspace: FakeWorkspace): Promise<{ status: number; html: string }> {
  return comeBack(h, await openInstallPage(h), workspace);
}
