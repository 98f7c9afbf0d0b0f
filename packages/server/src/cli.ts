#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import {
  knowledgeLanguages,
  type ConsoleWebSourceRequest,
  type CreateExperienceRequest,
  type EngineKind,
  type IngestionDocument,
  type IngestionJob,
  type KnowledgeLanguage,
  type OperatorRole,
  type RemoteWidgetConfig,
  type WebSource,
} from "@nexus-chat/protocol";
import { ConsoleWebSourceRequestSchema } from "@nexus-chat/protocol/schemas";
import { SingleBar, Presets } from "cli-progress";
import { Command, Option } from "commander";
import { createApp } from "./app.js";
import { checkEngineOptions } from "./admin/check-engine-options.js";
import { demoLinkSchemes } from "./admin/demo-experience.js";
import { redactSecrets } from "./admin/redact-secrets.js";
import { ConsoleAccess } from "./console/console-access.js";
import { ConfigError, loadConfig, type ServerConfig } from "./config.js";
import { IngestionService } from "./ingest/ingestion-service.js";
import { LinkPolicy } from "./ingest/link-policy.js";
import { readDocumentFiles } from "./ingest/read-document-files.js";
import { copyData, CopyVerificationError, TargetNotEmptyError } from "./store/copy-data.js";
import { collectWebDocuments } from "./ingest/web-source.js";
import { createWebSource, defaultIntervalMinutes } from "./ingest/web-requests.js";
import { WebSourceScheduler } from "./ingest/web-source-scheduler.js";
import Value from "typebox/value";
import { openStore, type Store } from "./store/store.js";
import { serverVersion } from "./version.js";

/** Reads the environment; a bad setting ends the process with a one-line reason. */
function configOrExit(): ServerConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`nexus-chat: invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function withStore<Result>(work: (store: Store) => Promise<Result>): Promise<Result> {
  const store = await openStore(configOrExit().databaseUrl);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function fail(message: string): never {
  console.error(`nexus-chat: ${message}`);
  process.exit(1);
}

const program = new Command()
  .name("nexus-chat")
  .description("The Nexus Chat API server and its tools.")
  .version(serverVersion);

program
  .command("serve")
  .description(
    "Migrate the database and serve the API (PORT, HOST, DATABASE_URL, REDIS_URL, NEXUS_ADMIN_TOKEN, LOG_LEVEL).",
  )
  .option("--demo", "create the demo experience and import the repository's docs/ into it")
  .action(async (options: { demo?: boolean }) => {
    const config = configOrExit();
    const app = await createApp({
      databaseUrl: config.databaseUrl,
      adminToken: config.adminToken,
      logLevel: config.logLevel,
      jwtSecret: config.jwtSecret,
      trustProxy: config.trustProxy,
      limits: config.limits,
      redisUrl: config.redisUrl,
      webIngestion: { allowPrivateNetworks: config.webIngestionAllowPrivate },
      seedDemo: options.demo === true,
      linkSchemes: config.linkSchemes ?? (options.demo === true ? demoLinkSchemes : []),
      frameAncestors: config.frameAncestors,
      jobs: { leaseMs: config.ingestionLeaseMs },
      processLeaseMs: config.processLeaseMs,
      databasePoolSize: config.databasePoolSize,
    });
    const shutdown = async (): Promise<void> => {
      await app.close();
      process.exit(0);
    };
    process.once("SIGINT", () => void shutdown());
    process.once("SIGTERM", () => void shutdown());
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const base = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
    const lines = ["", "Nexus Chat is running."];
    if (options.demo) {
      const documents = await app.nexus.store.knowledge.countDocuments("demo");
      lines.push(
        `  Events demo:    ${base}/   (experience "demo", ${documents} documents from docs/)`,
      );
    }
    lines.push(
      `  API:            ${base}/api/v2   (health: ${base}/api/v2/health, OpenAPI: ${base}/api/v2/openapi.json)`,
      `  Widget bundle:  ${base}/widget/nexus-chat-widget.js`,
      `  Console:        ${base}/console`,
    );
    if ((await app.nexus.store.operators.count()) === 0) {
      lines.push(
        "  No console operator yet. Create the first one (the password is asked for):",
        '    npm run nexus-chat -- operators add --email you@example.com --name "Your Name" --role admin',
      );
    }
    if (!config.adminToken)
      lines.push("  Admin routes are closed: set NEXUS_ADMIN_TOKEN to use them.");
    console.log(`${lines.join("\n")}\n`);
  });

program
  .command("migrate")
  .description("Bring the database to the latest schema.")
  .action(async () => {
    const config = configOrExit();
    const store = await openStore(config.databaseUrl, { migrate: false });
    try {
      const applied = await store.migrate();
      console.log(
        applied.length > 0 ? `Applied: ${applied.join(", ")}` : "The database is up to date.",
      );
    } finally {
      await store.close();
    }
  });

program
  .command("copy-data")
  .description(
    "Copy every table (the knowledge base included) from one database into a new, empty one, e.g. from SQLite to PostgreSQL; both are migrated first, and the counts are checked at the end.",
  )
  .requiredOption("--from <url>", "the database to copy, e.g. sqlite:./data/nexus.sqlite")
  .requiredOption("--to <url>", "the empty database to fill, e.g. postgres://user@host/nexus")
  .action(async (options: { from: string; to: string }) => {
    const from = await openStore(options.from);
    let to: Store | undefined;
    try {
      to = await openStore(options.to);
      // A bar on a terminal; nothing but the summary when the output is a file or a pipe.
      const bar = new SingleBar(
        { format: "Copying [{bar}] {value}/{total} rows | {table}", hideCursor: true },
        Presets.shades_classic,
      );
      let started = false;
      const startedAt = performance.now();
      const counts = await copyData(from, to, ({ table, copied, total }) => {
        if (!started) bar.start(total, 0, { table });
        started = true;
        bar.update(copied, { table });
      });
      if (started) bar.stop();
      const seconds = (performance.now() - startedAt) / 1000;
      const rows = counts.reduce((sum, { rows: tableRows }) => sum + tableRows, 0);
      console.log(
        `Copied ${rows} rows in ${seconds.toFixed(1)} s; every table's count matches the source:`,
      );
      for (const { table, rows: tableRows } of counts) {
        console.log(`  ${table.padEnd(20)} ${String(tableRows).padStart(9)}`);
      }
    } catch (error) {
      if (!(error instanceof TargetNotEmptyError || error instanceof CopyVerificationError)) {
        throw error;
      }
      console.error(`nexus-chat: ${error.message}`);
      process.exitCode = 1;
    } finally {
      await to?.close();
      await from.close();
    }
  });

program
  .command("ingest")
  .description(
    "Import markdown, HTML, text, PDF and DOCX files (or folders of them), or pages of a website, into an experience's knowledge base.",
  )
  .argument("[paths...]", "files or folders")
  .requiredOption("-e, --experience <id>", "the experience to import into")
  .option("--url <url...>", "web pages to fetch")
  .option("--sitemap <url>", "a sitemap.xml (or sitemap index) whose pages to fetch")
  .option("--crawl <url>", "a start page: its links within the same site are followed")
  .option("--max-pages <count>", "web pages fetched at most", "100")
  .option("--max-depth <count>", "links followed from the crawl's start page", "3")
  .action(
    async (
      paths: string[],
      options: {
        experience: string;
        url?: string[];
        sitemap?: string;
        crawl?: string;
        maxPages: string;
        maxDepth: string;
      },
    ) => {
      await withStore(async (store) => {
        if (!(await store.experiences.get(options.experience)))
          fail(`no experience "${options.experience}"`);
        const documents = await readDocumentFiles(paths, { baseDirectory: process.cwd() }).catch(
          (error: Error) => fail(error.message),
        );
        if (options.url || options.sitemap || options.crawl) {
          documents.push(...(await fetchWebDocuments(options)));
        }
        if (documents.length === 0)
          fail("no markdown, HTML, text, PDF or DOCX files or web pages found");
        const bar = new SingleBar(
          {
            format: "Importing [{bar}] {value}/{total} documents | {passages} passages",
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(documents.length, 0, { passages: 0 });
        const startedAt = performance.now();
        const config = configOrExit();
        const links = new LinkPolicy(config.linkSchemes);
        const job = await new IngestionService(store, undefined, links, {
          // A command runs its own import only, never the jobs submitted to the servers.
          pollIntervalMs: 0,
          leaseMs: config.ingestionLeaseMs,
        }).ingest(options.experience, documents, (progress) =>
          bar.update(progress.processed, { passages: progress.passages }),
        );
        bar.stop();
        const seconds = (performance.now() - startedAt) / 1000;
        console.log(
          `Done in ${seconds.toFixed(1)} s: ${job.created} new or changed, ${job.duplicates} unchanged, ` +
            `${job.failed} failed; ${job.passages} passages stored.`,
        );
        for (const error of job.errors) console.log(`  ✗ ${error.document}: ${error.message}`);
        if (job.failed > 0) process.exitCode = 1;
      });
    },
  );

/** The `ingest` command's web pages, fetched with a line per page. */
async function fetchWebDocuments(options: {
  url?: string[];
  sitemap?: string;
  crawl?: string;
  maxPages: string;
  maxDepth: string;
}): Promise<IngestionDocument[]> {
  const maxPages = Number(options.maxPages);
  const maxDepth = Number(options.maxDepth);
  if (!Number.isInteger(maxPages) || maxPages < 1) fail("--max-pages must be a positive number");
  if (!Number.isInteger(maxDepth) || maxDepth < 0) fail("--max-depth must be 0 or more");
  const addresses = [...(options.url ?? []), options.sitemap, options.crawl];
  for (const address of addresses) {
    if (address !== undefined && !URL.canParse(address)) fail(`not a web address: ${address}`);
  }
  const { documents, skipped } = await collectWebDocuments(
    {
      ...(options.url && { urls: options.url }),
      ...(options.sitemap && { sitemap: options.sitemap }),
      ...(options.crawl && { crawl: { startUrl: options.crawl, maxDepth } }),
    },
    {
      maxPages,
      allowPrivateNetworks: configOrExit().webIngestionAllowPrivate,
      onPage: (url, outcome, reason) =>
        console.log(outcome === "added" ? `  fetched ${url}` : `  skipped ${url}: ${reason}`),
    },
  );
  console.log(`${documents.length} pages fetched, ${skipped.length} skipped.`);
  return documents;
}

const experiences = program.command("experiences").description("Manage experiences.");

experiences
  .command("create")
  .description("Create an experience.")
  .requiredOption("--name <name>", "display name")
  .option("--id <id>", "lowercase letters, digits and dashes (generated when absent)")
  .addOption(
    new Option("--engine <engine>", "answer engine")
      .choices(["retrieval", "openai-compatible", "webhook"])
      .default("retrieval"),
  )
  .option("--engine-options <json>", "engine options as JSON")
  .option("--widget <file>", "a JSON file with the widget configuration")
  .option("--require-auth", "require an access token for /query")
  .option("--allowed-origin <origin...>", "origins allowed to use the experience")
  .option("--handover-webhook <url>", "URL that receives hand-over requests")
  .addOption(
    new Option("--knowledge-language <tag>", "the language the knowledge base is written in")
      .choices([...knowledgeLanguages])
      .default("en"),
  )
  .action(
    async (options: {
      name: string;
      id?: string;
      engine: EngineKind;
      engineOptions?: string;
      widget?: string;
      requireAuth?: boolean;
      allowedOrigin?: string[];
      handoverWebhook?: string;
      knowledgeLanguage: KnowledgeLanguage;
    }) => {
      const id =
        options.id ??
        options.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-+|-+$/g, "");
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) fail(`"${id}" is not a valid experience id`);
      let engineOptions: Record<string, unknown> = {};
      let widget: RemoteWidgetConfig = {};
      try {
        if (options.engineOptions)
          engineOptions = JSON.parse(options.engineOptions) as Record<string, unknown>;
        if (options.widget)
          widget = JSON.parse(await readFile(options.widget, "utf8")) as RemoteWidgetConfig;
      } catch (error) {
        fail(`could not read the options: ${(error as Error).message}`);
      }
      try {
        checkEngineOptions(options.engine, engineOptions);
      } catch (error) {
        fail((error as Error).message);
      }
      await withStore(async (store) => {
        if (await store.experiences.get(id)) fail(`experience "${id}" already exists`);
        const request: CreateExperienceRequest & { id: string } = {
          id,
          name: options.name,
          engine: options.engine,
          engineOptions,
          widget,
          requireAuth: options.requireAuth === true,
          allowedOrigins: options.allowedOrigin ?? [],
          handoverWebhookUrl: options.handoverWebhook ?? null,
          knowledgeLanguage: options.knowledgeLanguage,
        };
        console.log(
          JSON.stringify(redactSecrets(await store.experiences.create(request)), null, 2),
        );
      });
    },
  );

experiences
  .command("list")
  .description("List experiences.")
  .action(async () => {
    await withStore(async (store) => {
      const list = await store.experiences.list();
      if (list.length === 0) return console.log("No experiences yet.");
      for (const experience of list) {
        const documents = await store.knowledge.countDocuments(experience.id);
        console.log(
          `${experience.id.padEnd(24)} ${experience.engine.padEnd(18)} ${String(documents).padStart(6)} docs  ${experience.name}`,
        );
      }
    });
  });

experiences
  .command("show")
  .description("Show one experience.")
  .argument("<id>")
  .action(async (id: string) => {
    await withStore(async (store) => {
      const experience = await store.experiences.get(id);
      if (!experience) fail(`no experience "${id}"`);
      const documents = await store.knowledge.countDocuments(id);
      const passages = await store.knowledge.countPassages(id);
      console.log(
        JSON.stringify({ ...experience, knowledgeBase: { documents, passages } }, null, 2),
      );
    });
  });

/** Reads a password from stdin (`--password-stdin`): everything up to the first line break. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

/** Asks for a password on the terminal without echoing it. */
async function promptPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) fail("no terminal to ask for the password: use --password-stdin");
  process.stdout.write(question);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve) => {
    let typed = "";
    const onData = (key: string): void => {
      for (const character of key) {
        if (character === "\r" || character === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stdout.write("\n");
          resolve(typed);
          return;
        }
        if (character === "\u0003") {
          process.stdout.write("\n");
          process.exit(130);
        }
        if (character === "\u007f" || character === "\b") typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    stdin.on("data", onData);
  });
}

const operators = program
  .command("operators")
  .description("Manage the people who sign in to the console at /console.");

operators
  .command("add")
  .description(
    "Create a console operator (the password is asked for, or read with --password-stdin).",
  )
  .requiredOption("--email <email>", "the e-mail address they sign in with")
  .requiredOption("--name <name>", "the name the console shows")
  .addOption(
    new Option("--role <role>", "admin manages everything; agent reads conversations and analytics")
      .choices(["admin", "agent"])
      .default("admin"),
  )
  .option("--password-stdin", "read the password from the first line of stdin")
  .action(
    async (options: {
      email: string;
      name: string;
      role: OperatorRole;
      passwordStdin?: boolean;
    }) => {
      if (!/^[^\s@]+@[^\s@]+$/.test(options.email.trim()))
        fail(`"${options.email}" is not an e-mail address`);
      let password: string;
      if (options.passwordStdin) {
        password = await readPasswordFromStdin();
      } else {
        password = await promptPassword("Password (at least 10 characters): ");
        if ((await promptPassword("Again: ")) !== password) fail("the passwords differ");
      }
      if (password.length < 10) fail("the password must be at least 10 characters long");
      await withStore(async (store) => {
        const access = new ConsoleAccess(store.operators);
        const operator = await access
          .createOperator({
            email: options.email,
            displayName: options.name,
            role: options.role,
            password,
          })
          .catch((error: Error) => fail(error.message));
        console.log(
          `Operator ${operator.email} (${operator.role}) created. Sign in at /console on the running server.`,
        );
      });
    },
  );

operators
  .command("list")
  .description("List console operators.")
  .action(async () => {
    await withStore(async (store) => {
      for (const operator of await store.operators.list()) {
        console.log(
          `${operator.email.padEnd(32)} ${operator.role.padEnd(6)} ${operator.disabled ? "disabled" : "enabled "} ${operator.displayName}`,
        );
      }
    });
  });

const sources = program
  .command("sources")
  .description(
    "Manage web sources: sites crawled again on a schedule by the running server, which fetches only what changed and removes the documents of pages that are gone.",
  );

/** One line about a source's last crawl. */
function lastCrawlLine(source: WebSource): string {
  const crawl = source.lastCrawl;
  if (!crawl) return "not crawled yet";
  const counts = `${crawl.changed} new or changed, ${crawl.unchanged} unchanged, ${crawl.removed} removed, ${crawl.skipped} skipped`;
  return `${crawl.finishedAt}: ${counts}${crawl.error ? ` (${crawl.error})` : ""}`;
}

/** What a source fetches, in a few words. */
function sourceLine(source: WebSource): string {
  return [
    ...(source.urls ?? []),
    ...(source.sitemap ? [`sitemap ${source.sitemap}`] : []),
    ...(source.crawl
      ? [`crawl ${source.crawl.startUrl} (depth ${source.crawl.maxDepth ?? 3})`]
      : []),
  ].join(", ");
}

sources
  .command("list")
  .description("List web sources, with their last crawl and the next one.")
  .option("-e, --experience <id>", "only this experience's sources")
  .action(async (options: { experience?: string }) => {
    await withStore(async (store) => {
      const ids = options.experience
        ? [options.experience]
        : (await store.experiences.list()).map((experience) => experience.id);
      let count = 0;
      for (const id of ids) {
        for (const source of await store.webSources.list(id)) {
          count += 1;
          console.log(
            `${source.sourceId}  ${source.experienceId}  every ${source.intervalMinutes} min  ${source.pages} pages\n` +
              `  ${sourceLine(source)}\n` +
              `  last crawl: ${lastCrawlLine(source)}\n` +
              `  next crawl: ${source.crawling ? "crawling now" : source.nextCrawlAt}`,
          );
        }
      }
      if (count === 0) console.log("No web sources.");
    });
  });

sources
  .command("add")
  .description(
    "Add a web source; the running server crawls it within a minute (or crawl it here with `sources crawl <id>`), then every --every minutes.",
  )
  .requiredOption("-e, --experience <id>", "the experience whose knowledge base it feeds")
  .option("--url <url...>", "web pages to fetch")
  .option("--sitemap <url>", "a sitemap.xml (or sitemap index) whose pages to fetch")
  .option("--crawl <url>", "a start page: its links within the same site are followed")
  .option("--max-pages <count>", "web pages fetched at most", "100")
  .option("--max-depth <count>", "links followed from the crawl's start page", "3")
  .option("--every <minutes>", "minutes between crawls, 5 to 43200", String(defaultIntervalMinutes))
  .action(
    async (options: {
      experience: string;
      url?: string[];
      sitemap?: string;
      crawl?: string;
      maxPages: string;
      maxDepth: string;
      every: string;
    }) => {
      const request: ConsoleWebSourceRequest = {
        ...(options.url && { urls: options.url }),
        ...(options.sitemap && { sitemap: options.sitemap }),
        ...(options.crawl && {
          crawl: { startUrl: options.crawl, maxDepth: Number(options.maxDepth) },
        }),
        maxPages: Number(options.maxPages),
        intervalMinutes: Number(options.every),
      };
      // The API's own rules: addresses, limits and the interval.
      const problem = Value.Errors(ConsoleWebSourceRequestSchema, request)[0];
      if (problem) {
        const field = problem.instancePath.split("/")[1] ?? "";
        const option =
          {
            urls: "--url",
            sitemap: "--sitemap",
            crawl: problem.instancePath.endsWith("maxDepth") ? "--max-depth" : "--crawl",
            maxPages: "--max-pages",
            intervalMinutes: "--every",
          }[field] ?? field;
        fail(`${option} ${problem.message}`);
      }
      await withStore(async (store) => {
        const config = configOrExit();
        const source = await createWebSource(
          { store, webIngestion: { allowPrivateNetworks: config.webIngestionAllowPrivate } },
          options.experience,
          request,
        ).catch((error: Error) => fail(error.message));
        console.log(
          `Web source ${source.sourceId} added to "${source.experienceId}", crawled every ${source.intervalMinutes} minutes.\n` +
            `The running server crawls it within a minute; to crawl it here now: nexus-chat sources crawl ${source.sourceId}`,
        );
      });
    },
  );

sources
  .command("crawl")
  .description(
    "Crawl a web source now, in this process, and import what changed (the next crawl is due an interval later).",
  )
  .argument("<id>", "the source's id (see `sources list`)")
  .action(async (id: string) => {
    await withStore(async (store) => {
      if (!(await store.webSources.get(id))) fail(`no web source "${id}"`);
      const config = configOrExit();
      const ingestion = new IngestionService(store, undefined, new LinkPolicy(config.linkSchemes), {
        // Only the job this crawl submits, claimed once it exists; no polling.
        pollIntervalMs: 0,
        leaseMs: config.ingestionLeaseMs,
      });
      const scheduler = new WebSourceScheduler(
        store,
        ingestion,
        { allowPrivateNetworks: config.webIngestionAllowPrivate },
        (error) => console.error(`nexus-chat: ${(error as Error).message}`),
        { pollIntervalMs: 0 },
      );
      console.log(`Crawling ${id}…`);
      const crawled = await scheduler.crawlNow(id);
      if (!crawled) fail("another process is crawling this source now");
      console.log(`Crawled: ${lastCrawlLine(crawled)}`);
      const jobId = crawled.lastCrawl?.jobId;
      if (jobId) {
        // This process runs the job unless a server claimed it first; either way, wait for it.
        let job: IngestionJob | undefined;
        for (;;) {
          await ingestion.drain();
          job = await store.jobs.get(jobId);
          if (!job || job.status === "completed" || job.status === "failed") break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        ingestion.stop();
        if (job) {
          console.log(
            `Imported (job ${jobId}, ${job.status}): ${job.created} new or changed, ${job.duplicates} unchanged, ${job.failed} failed; ${job.passages} passages stored.`,
          );
          for (const error of job.errors) console.log(`  ✗ ${error.document}: ${error.message}`);
          if (job.status === "failed" || job.failed > 0) process.exitCode = 1;
        }
      }
      if (crawled.lastCrawl?.error) process.exitCode = 1;
    });
  });

sources
  .command("remove")
  .description("Stop crawling a web source; the documents it imported stay.")
  .argument("<id>", "the source's id (see `sources list`)")
  .action(async (id: string) => {
    await withStore(async (store) => {
      if (!(await store.webSources.delete(id))) fail(`no web source "${id}"`);
      console.log(`Web source ${id} removed; its documents stay.`);
    });
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`nexus-chat: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
