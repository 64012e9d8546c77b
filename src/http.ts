/** The HTTP server: /healthz here; adapters mount /slack/events and /api/messages on the same app. */
import type { Server } from "node:http";
import express, { type Express } from "express";
import type { HealthCheck, Logger } from "./core/ports";

/** What the HTTP server needs: the store's health check and the log. */
export interface HttpServices {
  store: { health: HealthCheck };
  log: Logger;
}

export function createHttpApp(services: HttpServices): Express {
  const app = express();
  app.disable("x-powered-by");
  const { health } = services.store;
  app.get("/healthz", async (_req, res) => {
    try {
      await health.check();
      res.json({ status: "ok", database: health.provider });
    } catch (error) {
      services.log.error("health check: database unreachable", { error });
      res.status(503).json({ status: "unavailable", database: health.provider });
    }
  });
  return app;
}

/** Adds the last handlers: unknown routes get 404, and an error never shows a stack trace. */
export function finishHttpApp(app: Express, services: Pick<HttpServices, "log">): void {
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status =
      typeof error === "object" && error !== null && "status" in error
        ? Number((error as { status: unknown }).status)
        : 500;
    if (status >= 500) services.log.error("http request failed", { path: req.path, error });
    if (!res.headersSent)
      res
        .status(status >= 400 && status < 600 ? status : 500)
        .json({ error: status === 413 ? "payload too large" : status < 500 ? "bad request" : "internal error" });
  });
}

export function listen(app: Express, port: number, host = "0.0.0.0"): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once("error", reject);
  });
}
