import { createServer, type IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import type { WebhookTag } from "./generated/index.js";
import { createRouter, formatIssue } from "./generated/receive.js";

/** The webhooks this server receives, one path each: `POST /payments`, `POST /github`. */
const WEBHOOKS: readonly WebhookTag[] = ["github", "payments"];

interface Reply {
  readonly status: number;
  readonly text: string;
}

/** Each event's handler gets its own payload type; the fallback gets what could not be routed. */
const route = createRouter<Reply>(
  {
    "payments:transaction-succeeded": (payment) => ({ status: 200, text: `credited ${payment.body.data.amount}` }),
    "payments:transaction-failed": (payment) => ({ status: 200, text: `declined: ${payment.body.data.failure.code}` }),
    "github:push": (push, delivery) => ({
      status: 200,
      text: `${push.body.commits.length} commit(s) to ${push.body.ref}; unknown keys: ${delivery.extra.length}`,
    }),
  },
  (result) =>
    result.ok
      ? { status: 202, text: `no handler for ${result.tag}` }
      : { status: 400, text: result.issues.map(formatIssue).join("\n") },
);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** A plain Node `http` server: headers, query and body as HTTP gives them, handed to the router. */
export const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  const webhook = WEBHOOKS.find((tag) => url.pathname === `/${tag}`);
  const reply = (status: number, text: string) =>
    response.writeHead(status, { "content-type": "text/plain" }).end(text);
  if (request.method !== "POST" || webhook === undefined) return reply(404, "not found");
  let body: unknown;
  try {
    body = JSON.parse(await readBody(request));
  } catch {
    return reply(400, "the body is not JSON");
  }
  const { status, text } = route(webhook, { headers: request.headers, query: url.searchParams, body, params: {} });
  return reply(status, text);
});

// Run directly (`node --experimental-strip-types server.ts` on Node 22+, or after compiling): listen.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  server.listen(Number(process.env["PORT"] ?? 3000), () => console.log("Listening for deliveries"));
}
