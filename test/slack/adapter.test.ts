/** How the adapter is built from its options. */
import express from "express";
import { createSlackAdapter } from "../../src/slack/adapter";
import { type TestServices, testServices } from "../support/services";

let services: TestServices;

beforeAll(async () => {
  services = await testServices("sqlite");
});

afterAll(async () => {
  await services.close();
});

test("HTTP mode needs a signing secret and the shared express app", () => {
  expect(() => createSlackAdapter(services, { botToken: "xoxb-1", expressApp: express() })).toThrow(
    /SLACK_SIGNING_SECRET/,
  );
  expect(() => createSlackAdapter(services, { botToken: "xoxb-1", signingSecret: "s" })).toThrow(/express app/);
});

test("with an app token the adapter uses Socket Mode and mounts nothing on HTTP", () => {
  const adapter = createSlackAdapter(services, {
    botToken: "xoxb-1",
    appToken: "xapp-1-A1-1-abc",
    apiUrl: "http://127.0.0.1:9/api",
  });
  expect(adapter.app.client.slackApiUrl).toBe("http://127.0.0.1:9/api/");
  expect(typeof adapter.messenger.send).toBe("function");
});

test("requests that arrive before start() are answered 503", async () => {
  const app = express();
  createSlackAdapter(services, { botToken: "xoxb-1", signingSecret: "s", expressApp: app });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", body: "x" });
  expect(res.status).toBe(503);
  await new Promise((resolve) => server.close(resolve));
});
