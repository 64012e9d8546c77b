/** E-mail, URLs, IP addresses. */

import { TLDS } from "./data-clinical";
import { type Hit, hit, matches } from "./text";

const EMAIL =
  /(?<![\w.+'%-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;
const EMAIL_SPOKEN =
  /\b[a-z0-9][a-z0-9._-]*(?:\s+dot\s+[a-z0-9_-]+)*\s+(?:at|\(at\)|\[at\])\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)+\b/gi;

export function emails(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(EMAIL, t)) {
    const [local = "", domain = ""] = m[0].split("@");
    const tld = domain.slice(domain.lastIndexOf(".") + 1);
    hits.push(hit("email", m.index, m[0], `${local[0]}***@${domain[0]}***.${tld}`));
  }
  for (const m of matches(EMAIL_SPOKEN, t)) {
    if (!/\bdot\b/i.test(m[0].split(/\s(?:at|\(at\)|\[at\])\s/i)[1] ?? "")) continue;
    hits.push(hit("email", m.index, m[0], `${m[0][0]}*** at ***`));
  }
  return hits;
}

const URL_CHARS = "[^\\s<>\"'`)\\]]";
const URL_SCHEME = new RegExp(`\\b(?:https?|s?ftp):\\/\\/${URL_CHARS}+`, "gi");
const URL_WWW = new RegExp(`(?<![\\w.@/-])www\\.${URL_CHARS}+`, "gi");
const URL_BARE = new RegExp(
  `(?<![\\w.@/'-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${TLDS.join("|")})(?![\\w-])(?:\\/${URL_CHARS}*)?`,
  "gi",
);

export function urls(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const re of [URL_SCHEME, URL_WWW, URL_BARE])
    for (const m of matches(re, t)) {
      const raw = m[0].replace(/[.,;:!?]+$/, "");
      if (re === URL_BARE) {
        const labels = raw.split("/")[0]?.split(".") ?? [];
        const second = labels[labels.length - 2] ?? "";
        if (second.length < 2 || !/[a-z]/i.test(second)) continue;
      }
      hits.push(hit("url", m.index, raw, maskUrl(raw)));
    }
  return hits;
}

function maskUrl(raw: string): string {
  const scheme = /^[a-z]+:\/\//i.exec(raw)?.[0] ?? "";
  const rest = raw.slice(scheme.length);
  const slash = rest.indexOf("/");
  const host = slash < 0 ? rest : rest.slice(0, slash);
  const hostStart = host.toLowerCase().startsWith("www.") ? host.slice(0, 4) + host.slice(4, 7) : host.slice(0, 3);
  return `${scheme}${hostStart}***${slash < 0 || slash === rest.length - 1 ? "" : "/…"}`;
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?::\\d{1,5})?(?![\\w]|\\.\\d)`, "g");
const IPV6 =
  /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:])/gi;

export function ipAddresses(t: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of matches(IPV4, t)) {
    const first = m[0].split(".")[0] ?? "";
    hits.push(hit("ip_address", m.index, m[0], `${first}.*.*.*`));
  }
  for (const m of matches(IPV6, t)) {
    const groups = m[0].split(":").filter(Boolean);
    if (groups.length < 3) continue;
    hits.push(hit("ip_address", m.index, m[0], `${(groups[0] ?? "").slice(0, 2)}**:****:…`));
  }
  return hits;
}
