import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { ApiError } from "../http/api-error.js";
import { serverVersion } from "../version.js";

/** Names the project, so site owners can tell our crawler apart and address it in robots.txt. */
export const crawlerUserAgent = `NexusChatBot/${serverVersion} (Nexus Chat knowledge-base crawler)`;
/** The token robots.txt rules name. */
export const crawlerToken = "NexusChatBot";

export interface WebFetchOptions {
  /** Allows loopback, private and link-local addresses (tests, intranets). @default false */
  allowPrivateNetworks?: boolean;
  /** @default 15000 */
  timeoutMs?: number;
  /** Larger bodies are cut off and the page is skipped. @default 5 MiB */
  maxBytes?: number;
}

export interface FetchedPage {
  /** The address after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: string;
  /** The validators the site sent, for a conditional request next time. */
  etag: string | null;
  lastModified: string | null;
}

/** What a page looked like when last fetched: sent so the site may answer 304 Not Modified. */
export interface PageValidators {
  etag?: string | null;
  lastModified?: string | null;
}

/** Addresses a server on the internet must not be made to reach for a visitor (SSRF). */
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["::ffff:0:0", 96],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

/**
 * Refuses an address that is not http(s) or whose host resolves to a private network, unless
 * those are allowed. (A host that changes its DNS answer between this check and the request can
 * still reach one; deployments that must exclude that put the server behind an egress proxy.)
 */
export async function checkFetchable(url: URL, allowPrivateNetworks: boolean): Promise<void> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ApiError(
      "VALIDATION_FAILED",
      `Only http and https pages can be fetched: ${url.href}`,
    );
  }
  if (allowPrivateNetworks) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true }).catch(() => {
        throw new ApiError("VALIDATION_FAILED", `The host ${host} could not be resolved.`);
      });
  for (const { address, family } of addresses) {
    if (privateRanges.check(address, family === 6 ? "ipv6" : "ipv4")) {
      throw new ApiError(
        "VALIDATION_FAILED",
        `${host} is on a private network; set WEB_INGESTION_ALLOW_PRIVATE=1 to fetch from it.`,
      );
    }
  }
}

const maxRedirects = 5;

/**
 * GETs one page as our crawler: redirects followed by hand (each hop checked like the first),
 * a time limit for the whole exchange, and the body read only up to its size limit. With
 * `validators` from an earlier fetch the request is conditional, and an unchanged page answers
 * 304 with no body.
 */
export async function fetchPage(
  address: string,
  options: WebFetchOptions = {},
  validators: PageValidators = {},
): Promise<FetchedPage> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  let url = new URL(address);
  for (let hop = 0; ; hop += 1) {
    await checkFetchable(url, options.allowPrivateNetworks ?? false);
    const response = await fetch(url, {
      redirect: "manual",
      signal,
      headers: {
        "user-agent": crawlerUserAgent,
        accept: "text/html, text/plain;q=0.9, */*;q=0.5",
        ...(validators.etag && { "if-none-match": validators.etag }),
        ...(validators.lastModified && { "if-modified-since": validators.lastModified }),
      },
    });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop === maxRedirects) throw new Error(`more than ${maxRedirects} redirects`);
      url = new URL(location, url);
      continue;
    }
    return {
      url: url.href,
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      body: await readLimited(response, maxBytes),
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
    };
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new Error(`larger than ${maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
