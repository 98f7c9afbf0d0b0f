import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { widgetLanguagePackFile, widgetLocales } from "@nexus-chat/protocol";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";

/**
 * `GET /widget/nexus-chat-widget.js`: the built widget bundle (and its source map), the
 * markdown chunk it imports after the launcher shows, the live-conversation chunk it imports when
 * a visitor is handed over to a person, and the language packs it imports when the visitor's
 * language is not English, all from the same directory. Module scripts are
 * fetched with CORS, so every file allows any origin (they are public and carry no credentials).
 */
export async function widgetBundleRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const serve = (path: string, type: string) => async (_request: unknown, reply: FastifyReply) => {
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error("not a file");
    } catch {
      throw new ApiError(
        "NOT_FOUND",
        "The widget bundle has not been built: run `npm run build` in the repository first.",
      );
    }
    return reply
      .type(type)
      .header("cache-control", "no-cache")
      .header("access-control-allow-origin", "*")
      .send(createReadStream(path));
  };
  app.get(
    "/widget/nexus-chat-widget.js",
    { onRequest: context.rateLimit("other"), config: access.public },
    serve(context.widgetBundlePath, "text/javascript; charset=utf-8"),
  );
  for (const chunk of ["nexus-chat-widget-markdown.js", "nexus-chat-widget-live.js"]) {
    app.get(
      `/widget/${chunk}`,
      { onRequest: context.rateLimit("other"), config: access.public },
      serve(join(dirname(context.widgetBundlePath), chunk), "text/javascript; charset=utf-8"),
    );
  }
  for (const locale of widgetLocales) {
    if (locale === "en") continue;
    const file = widgetLanguagePackFile(locale);
    app.get(
      `/widget/${file}`,
      { onRequest: context.rateLimit("other"), config: access.public },
      serve(join(dirname(context.widgetBundlePath), file), "text/javascript; charset=utf-8"),
    );
  }
  app.get(
    "/widget/nexus-chat-widget.js.map",
    { onRequest: context.rateLimit("other"), config: access.public },
    serve(`${context.widgetBundlePath}.map`, "application/json; charset=utf-8"),
  );
}
