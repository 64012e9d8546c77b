/** Request signing, checked with Bolt's own helper against Slack's worked example. */
import { verifySlackRequest } from "@slack/bolt";
import { sign } from "../support/slack";

// https://docs.slack.dev/authentication/verifying-requests-from-slack (see PLATFORM-FACTS.md)
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = 1531420618;
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

const verify = (signingSecret: string, nowMilliseconds = TIMESTAMP * 1000) =>
  verifySlackRequest({
    signingSecret,
    body: BODY,
    headers: { "x-slack-signature": SIGNATURE, "x-slack-request-timestamp": TIMESTAMP },
    nowMilliseconds,
  });

test("Slack's worked signing example verifies with Bolt's helper", () => {
  expect(() => verify(SECRET)).not.toThrow();
});

test("the test helper computes the same signature as Slack", () => {
  expect(sign(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
});

test("the worked example fails with a wrong secret", () => {
  expect(() => verify("8f742231b10e8888abcd99yyyzzz85a6")).toThrow(/signature mismatch/);
});

test("the worked example fails once it is more than five minutes old", () => {
  expect(() => verify(SECRET, (TIMESTAMP + 5 * 60 + 1) * 1000)).toThrow(/stale/);
});
