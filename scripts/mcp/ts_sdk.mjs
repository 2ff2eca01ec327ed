// An MCP client no code of this repository wrote: the official TypeScript SDK 1.x
// (`@modelcontextprotocol/sdk` from npm, the one most editors and desktop
// assistants embed) drives `epsimo mcp` with every tool enabled, over stdio and over
// Streamable HTTP, against the emulator. The SDK checks every answer against its own
// schemas (a `tools/list` with one schema it rejects fails as a whole) and each
// tool's structured result against the tool's output schema.
//
// Run by scripts/mcp/ts_sdk.sh inside `epsimo emulator exec`, in a directory whose
// epsimo.yaml was deployed (the project the server uses).

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const version = JSON.parse(
  readFileSync(new URL("./node_modules/@modelcontextprotocol/sdk/package.json", import.meta.url)),
).version;
const FLAGS = ["mcp", "--allow-write", "--allow-delete", "--expose-assistants"];

function check(cond, what) {
  if (!cond) {
    console.error(`ts sdk: FAILED: ${what}`);
    process.exit(1);
  }
}

/// Every read-only tool, with arguments that work on the deployed project.
function readArgs(thread) {
  return {
    list_projects: {},
    list_assistants: {},
    get_assistant: { assistant: "Keeper" },
    list_threads: {},
    get_thread: { thread },
    db_query: { thread },
    db_get: { thread, key: "status" },
    list_models: {},
    credits_balance: {},
    deploy_plan: {},
  };
}

async function exercise(client, how) {
  const info = client.getServerVersion();
  check(info?.name === "epsimo", `${how}: server name ${JSON.stringify(info)}`);

  // Listing: the SDK parses each answer with its own schemas.
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const w of ["db_set", "deploy_apply", "delete_thread", "publish_assistant", "ask_keeper"]) {
    check(names.includes(w), `${how}: ${w} in ${names}`);
  }
  for (const t of tools) {
    const a = t.annotations ?? {};
    for (const k of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]) {
      check(typeof a[k] === "boolean", `${how}: ${t.name} says ${k}`);
    }
  }
  check(
    tools.find((t) => t.name === "run_assistant").annotations.readOnlyHint === false,
    `${how}: a run is not read-only`,
  );
  const { resources } = await client.listResources();
  check(resources.some((r) => r.uri.includes("/assistants/")), `${how}: assistants are resources`);
  const { resourceTemplates } = await client.listResourceTemplates();
  check(resourceTemplates.length === 4, `${how}: four resource templates`);
  const { prompts } = await client.listPrompts();
  check(prompts.map((p) => p.name).join() === "create_assistant,test_assistant", `${how}: prompts`);
  const prompt = await client.getPrompt({ name: "test_assistant", arguments: { assistant: "Keeper" } });
  check(prompt.messages[0].content.text.includes("run_assistant"), `${how}: a prompt's text`);

  // A run, with progress: the agent writes the Virtual Database.
  const progress = [];
  const run = await client.callTool(
    {
      name: "run_assistant",
      arguments: { message: '/tool update_database {"key": "status", "value": "shipped"}' },
    },
    undefined,
    { onprogress: (p) => progress.push(p) },
  );
  check(!run.isError, `${how}: run_assistant: ${JSON.stringify(run.content)}`);
  check(run.structuredContent.status === "done", `${how}: ${JSON.stringify(run.structuredContent)}`);
  check(progress.length > 0, `${how}: progress notifications while the run streamed`);
  const thread = run.structuredContent.thread_id;

  // Every read-only tool, each result checked against its output schema by the SDK.
  const reads = tools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);
  const args = readArgs(thread);
  for (const name of reads) {
    check(name in args, `${how}: this script knows how to call ${name}`);
    const r = await client.callTool({ name, arguments: args[name] });
    check(!r.isError, `${how}: ${name}: ${JSON.stringify(r.content)}`);
    check(r.structuredContent !== undefined, `${how}: ${name} has a structured result`);
  }
  const now = (await client.listResources()).resources;
  const dbUri = now.find((r) => r.uri.endsWith(`${thread}/db`))?.uri;
  check(dbUri, `${how}: the new thread's database is listed`);
  const db = await client.readResource({ uri: dbUri });
  check(JSON.parse(db.contents[0].text).status === "shipped", `${how}: the db resource`);

  // An error is worded for an agent: an argument or a tool, never a flag to pass.
  const missing = await client.callTool({ name: "db_get", arguments: { thread, key: "missing" } });
  check(missing.isError && missing.content[0].text.includes("db_query"), `${how}: ${missing.content[0].text}`);

  // Cancelled: the promise is rejected at once, and the server goes on.
  const controller = new AbortController();
  const started = Date.now();
  const cancelled = client
    .callTool(
      { name: "run_assistant", arguments: { message: "word ".repeat(200) } },
      undefined,
      { signal: controller.signal, onprogress: () => controller.abort("enough") },
    )
    .then(
      () => "answered",
      () => "rejected",
    );
  check((await cancelled) === "rejected", `${how}: a cancelled call gets no answer`);
  check(Date.now() - started < 10_000, `${how}: cancelled promptly`);
  const after = await client.callTool({ name: "list_threads", arguments: {} });
  check(!after.isError, `${how}: the server answers after a cancellation`);
  return { tools: names.length, progress: progress.length };
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function overStdio() {
  const client = new Client({ name: "epsimo-ci", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: "epsimo", args: FLAGS, env: process.env, stderr: "ignore" }));
  try {
    return await exercise(client, "stdio");
  } finally {
    await client.close();
  }
}

async function overHttp() {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const server = spawn("epsimo", [...FLAGS, "--http", `127.0.0.1:${port}`], {
    env: { ...process.env, EPSIMO_MCP_TOKEN: token },
    stdio: ["ignore", "ignore", "ignore"],
  });
  try {
    const url = new URL(`http://127.0.0.1:${port}/mcp`);
    const headers = { Authorization: `Bearer ${token}` };
    let client;
    for (let i = 0; ; i++) {
      client = new Client({ name: "epsimo-ci", version: "1.0.0" });
      try {
        await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
        break;
      } catch (e) {
        check(i < 100, `http: the server did not start: ${e}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    try {
      return await exercise(client, "http");
    } finally {
      await client.close();
    }
  } finally {
    server.kill();
  }
}

const stdio = await overStdio();
const http = await overHttp();
console.log(
  `typescript sdk (@modelcontextprotocol/sdk ${version}): ok over stdio and http (${stdio.tools} tools, ${stdio.progress}+${http.progress} progress notifications)`,
);
