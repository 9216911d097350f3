// The Express application: the contract's steps for every request, in
// its order (request id and access log, security headers and CORS, the
// request's limits, path and query string, routing with 404 and 405, the
// bearer token), then the routers (src/routes), then problem+json errors.

import express from "express";
import { settings } from "./config/index.js";
import type { Services } from "./container.js";
import { ListParser } from "./controllers/list-parser.js";
import type { Db } from "./db.js";
import { authenticate } from "./middlewares/auth.middleware.js";
import {
  errorHandler,
  notFoundHandler,
} from "./middlewares/error.middleware.js";
import { accessLog } from "./middlewares/logger.middleware.js";
import { requestId, requestTarget } from "./middlewares/request.middleware.js";
import { routing } from "./middlewares/routing.middleware.js";
import { cors, securityHeaders } from "./middlewares/security.middleware.js";
import { apiRouter, routeTable } from "./routes/index.js";
import { systemRoutes } from "./routes/system.routes.js";
import type { Config } from "./runtime/config.js";
import type { Logger } from "./runtime/log.js";

export function createApp(
  db: Db,
  services: Services,
  config: Config,
  log: Logger,
): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // The list parameters are read in order, repeats included (src/runtime/listing.ts).
  app.set("query parser", false);

  app.use(requestId);
  app.use(accessLog(log));
  app.use(securityHeaders);
  app.use(cors(config.corsOrigins));
  app.use(requestTarget);
  app.use(routing(routeTable));
  app.use(authenticate(services.tokens));

  app.use(systemRoutes(db));
  app.use(apiRouter(services, new ListParser(db.provider, settings)));

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
