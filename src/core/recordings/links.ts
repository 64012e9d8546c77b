/**
 * Links people paste into the library: a recording, slides. Parsed as URLs (WHATWG, the same parser browsers use),
 * https only, without a user name or password in them, at most 2,000 characters: anything else is a field error that
 * says what is wrong, and nothing is stored.
 */
export const MAX_LINK = 2000;

export type LinkCheck = { ok: true; url: string } | { ok: false; message: string };

export function checkLink(value: string): LinkCheck {
  const typed = value.trim();
  if (typed.length > MAX_LINK)
    return {
      ok: false,
      message: `Keep the link to ${MAX_LINK.toLocaleString("en-GB")} characters (this one has ${typed.length.toLocaleString("en-GB")}).`,
    };
  let parsed: URL;
  try {
    parsed = new URL(typed);
  } catch {
    return { ok: false, message: "That is not a link: paste the whole address, starting with https://." };
  }
  if (parsed.protocol !== "https:")
    return {
      ok: false,
      message: `Only https links can go in the library (this one starts with ${parsed.protocol.replace(/:$/, "").slice(0, 20)}:).`,
    };
  if (parsed.username || parsed.password)
    return { ok: false, message: "Take the user name and password out of the link (put a passcode in the note)." };
  if (!parsed.hostname.includes(".")) return { ok: false, message: "That link has no proper address after https://." };
  return { ok: true, url: parsed.href };
}
