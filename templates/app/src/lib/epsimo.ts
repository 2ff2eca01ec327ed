// The Epsimo API client of this app: sign-in, the project token, threads, state,
// and the streaming reader. It follows the Epsimo wire contract: cumulative
// content per message id (only new text is shown), the thread's history re-sent
// at the start of a run (never shown again), `error` events, `end` without data.

export const API_URL = (process.env.NEXT_PUBLIC_EPSIMO_API_URL ?? "").replace(/\/+$/, "");
export const PROJECT_ID = process.env.NEXT_PUBLIC_EPSIMO_PROJECT_ID ?? "";
export const ASSISTANT_ID = process.env.NEXT_PUBLIC_EPSIMO_ASSISTANT_ID ?? "";

export type ToolCall = { id: string; name: string; args: Record<string, unknown> };

export type Message = {
  id: string;
  type: string;
  content: string | unknown[];
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string | null;
  response_metadata?: { finish_reason?: string | null };
};

/** The signed-in user's own short-lived tokens; nothing else is kept. */
export type Session = {
  email: string;
  userToken: string;
  projectToken: string;
  expiresAt: number;
};

export class EpsimoError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

function tokenOf(body: Json): string {
  for (const key of ["access_token", "token", "jwt_token"]) {
    const v = body[key];
    if (typeof v === "string" && v.length > 0) return v;
  }
  throw new EpsimoError("the response carries no token", 500);
}

function expiryOf(token: string, body: Json): number {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Json;
    if (typeof json.exp === "number") return json.exp * 1000;
  } catch {
    // not a JWT we can read: fall back to expires_in
  }
  const seconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
  return Date.now() + seconds * 1000;
}

/** The server's message from an error body: {"detail": "..."} or a 422 list. */
async function errorOf(resp: Response): Promise<EpsimoError> {
  let message = `HTTP ${resp.status}`;
  try {
    const body = (await resp.json()) as Json;
    const detail = body.detail;
    if (typeof detail === "string") message = detail;
    else if (Array.isArray(detail)) {
      message = detail
        .map((d) => (typeof d === "object" && d && "msg" in d ? String((d as Json).msg) : String(d)))
        .join("; ");
    }
  } catch {
    // not JSON
  }
  return new EpsimoError(message, resp.status);
}

async function call<T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const resp = await fetch(`${API_URL}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!resp.ok) throw await errorOf(resp);
  const text = await resp.text();
  return (text ? JSON.parse(text) : null) as T;
}

const id = (s: string) => encodeURIComponent(s);

/** Signs in, then fetches the project token (the user's token opens the project). */
export async function signIn(email: string, password: string): Promise<Session> {
  if (!API_URL || !PROJECT_ID) {
    throw new EpsimoError("NEXT_PUBLIC_EPSIMO_API_URL and NEXT_PUBLIC_EPSIMO_PROJECT_ID must be set (run `epsimo deploy`)", 0);
  }
  const login = await call<Json>("/auth/login", { method: "POST", body: { email, password } });
  const userToken = tokenOf(login);
  const project = await call<Json>(`/projects/${id(PROJECT_ID)}`, { token: userToken });
  const projectToken = tokenOf(project);
  return {
    email,
    userToken,
    projectToken,
    expiresAt: Math.min(expiryOf(userToken, login), expiryOf(projectToken, project)),
  };
}

/** Creates an account (the platform answers 400 when it exists or the password
 * is refused), then signs in with it. */
export async function signUp(email: string, password: string): Promise<Session> {
  await call<unknown>("/auth/signup", { method: "POST", body: { email, password } });
  try {
    return await signIn(email, password);
  } catch (e) {
    if (e instanceof EpsimoError && (e.status === 403 || e.status === 404)) {
      throw new EpsimoError(
        "Your account was created, but this app's project is not shared with it: ask the app's owner for access.",
        e.status,
      );
    }
    throw e;
  }
}

/** A thread as the list shows it. */
export type ThreadSummary = { id: string; name: string; updatedAt: string };

/** The project's threads of one assistant, newest first. The server answers a
 * list or `{"threads": [...]}`; both are read. */
export async function listThreads(s: Session, assistantId: string): Promise<ThreadSummary[]> {
  const body = await call<unknown>("/threads/", { token: s.projectToken });
  const items = Array.isArray(body)
    ? body
    : body && typeof body === "object" && Array.isArray((body as Json).threads)
      ? ((body as Json).threads as unknown[])
      : [];
  return items
    .filter((t): t is Json => !!t && typeof t === "object")
    .filter((t) => t.assistant_id === assistantId)
    .map((t) => ({
      id: String(t.thread_id),
      name: typeof t.name === "string" && t.name ? t.name : "Untitled",
      updatedAt: String(t.updated_at ?? t.created_at ?? ""),
    }))
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

export async function createThread(s: Session, assistantId: string, name: string): Promise<string> {
  const t = await call<Json>("/threads/", {
    method: "POST",
    token: s.projectToken,
    body: { name, assistant_id: assistantId, metadata: { type: "thread" } },
  });
  return String(t.thread_id);
}

export type ThreadState = { values: unknown; next: string[] };

export async function getState(s: Session, threadId: string): Promise<ThreadState> {
  return call<ThreadState>(`/threads/${id(threadId)}/state`, { token: s.projectToken });
}

/** The conversation of a state: `{"messages": [...]}` or a plain list. */
export function messagesOf(values: unknown): Message[] {
  if (Array.isArray(values)) return values as Message[];
  if (values && typeof values === "object" && Array.isArray((values as Json).messages)) {
    return (values as Json).messages as Message[];
  }
  return [];
}

/** The Virtual Database: every top-level key of the state but `messages`. */
export function databaseOf(values: unknown): Record<string, unknown> {
  if (!values || typeof values !== "object" || Array.isArray(values)) return {};
  const { messages: _messages, ...rest } = values as Json;
  return rest;
}

export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => {
        if (typeof p === "string") return p;
        if (p && typeof p === "object") {
          const o = p as Json;
          if (typeof o.text === "string") return o.text;
          if (typeof o.page_content === "string") return o.page_content;
        }
        return "";
      })
      .filter(Boolean)
      .join("\n");
  }
  return content == null ? "" : JSON.stringify(content);
}

export type StreamEvent =
  | { kind: "token"; id: string; text: string }
  | { kind: "restart"; id: string; content: string }
  | { kind: "tool_call"; id: string; name: string; args: Record<string, unknown> }
  | { kind: "tool_result"; toolCallId: string; name: string; content: string }
  | { kind: "message"; message: Message }
  | { kind: "error"; message: string }
  | { kind: "end" };

type SseEvent = { name: string; data: string };

/** Server-Sent Events from byte chunks: `\r\n`/`\n`/`\r`, comments, multi-line data. */
export class SseParser {
  private buffer = "";
  private name: string | null = null;
  private data: string[] = [];

  feed(chunk: string, done = false): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const i = this.buffer.search(/[\r\n]/);
      if (i < 0) break;
      // A `\r` at the end may be the first half of `\r\n`: wait for the next chunk.
      if (this.buffer[i] === "\r" && i === this.buffer.length - 1 && !done) break;
      const line = this.buffer.slice(0, i);
      const skip = this.buffer[i] === "\r" && this.buffer[i + 1] === "\n" ? 2 : 1;
      this.buffer = this.buffer.slice(i + skip);
      this.line(line, out);
    }
    if (done) {
      if (this.buffer) this.line(this.buffer, out);
      this.buffer = "";
      this.dispatch(out);
    }
    return out;
  }

  private line(line: string, out: SseEvent[]) {
    if (line === "") return this.dispatch(out);
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.name = value;
    else if (field === "data") this.data.push(value);
  }

  private dispatch(out: SseEvent[]) {
    if (this.name === null && this.data.length === 0) return;
    out.push({ name: this.name ?? "message", data: this.data.join("\n") });
    this.name = null;
    this.data = [];
  }
}

/** Turns stream events into what to show: new text per id, tool activity, once. */
export class RunAccumulator {
  private before: Set<string>;
  private shown = new Map<string, string>();
  private done = new Set<string>();
  private announced = new Set<string>();
  ended = false;

  /** `known`: ids of the messages the thread held before this run (never shown again). */
  constructor(known: Iterable<string> = []) {
    this.before = new Set(known);
  }

  push(e: SseEvent): StreamEvent[] {
    if (e.name === "end") return this.finish();
    if (e.name === "error") {
      let message = e.data;
      try {
        const v = JSON.parse(e.data) as Json;
        if (typeof v.message === "string") message = v.message;
      } catch {
        // keep the raw data
      }
      return [{ kind: "error", message }];
    }
    if (e.name !== "data" && e.name !== "messages" && e.name !== "message") return [];
    if (e.data.trim() === "[DONE]") return this.finish();
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.data);
    } catch {
      return [];
    }
    let messages = messagesOf(parsed);
    // An event that re-sends the thread (the first of a run, or every one on servers
    // that send the whole state) holds the history, then the new input: all of it,
    // up to the last human message, existed before this run. An event without the
    // input (a server that sends only new messages) holds no history: nothing is
    // assumed of "the first event".
    let cut = 0;
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i].type === "human") {
        cut = i + 1;
        break;
      }
    }
    messages.slice(0, cut).forEach((m) => this.before.add(m.id));
    messages = messages.slice(cut);
    const out: StreamEvent[] = [];
    for (const m of messages) {
      if (!m.id || this.before.has(m.id) || this.done.has(m.id)) continue;
      if (m.type === "ai") {
        const text = contentText(m.content);
        const old = this.shown.get(m.id) ?? "";
        if (text.startsWith(old)) {
          if (text.length > old.length) out.push({ kind: "token", id: m.id, text: text.slice(old.length) });
        } else {
          out.push({ kind: "restart", id: m.id, content: text });
        }
        this.shown.set(m.id, text);
        if (m.response_metadata?.finish_reason) {
          this.calls(m, out);
          this.done.add(m.id);
          out.push({ kind: "message", message: m });
        }
      } else if (m.type === "tool") {
        out.push({
          kind: "tool_result",
          toolCallId: m.tool_call_id ?? "",
          name: m.name ?? "tool",
          content: contentText(m.content),
        });
        this.done.add(m.id);
        out.push({ kind: "message", message: m });
      } else if (m.type === "human") {
        this.before.add(m.id);
      }
    }
    return out;
  }

  private calls(m: Message, out: StreamEvent[]) {
    for (const c of m.tool_calls ?? []) {
      if (this.announced.has(c.id)) continue;
      this.announced.add(c.id);
      out.push({ kind: "tool_call", id: c.id, name: c.name, args: c.args ?? {} });
    }
  }

  finish(): StreamEvent[] {
    if (this.ended) return [];
    this.ended = true;
    return [{ kind: "end" }];
  }
}

/** Sends one message and yields what to show, as it arrives. */
export async function* streamRun(
  s: Session,
  threadId: string,
  assistantId: string,
  text: string,
  signal?: AbortSignal,
  known: string[] = [],
): AsyncGenerator<StreamEvent> {
  const resp = await fetch(`${API_URL}/runs/stream`, {
    method: "POST",
    headers: { Authorization: `Bearer ${s.projectToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      thread_id: threadId,
      assistant_id: assistantId,
      input: [{ role: "user", type: "human", content: text }],
      stream_mode: ["messages", "events", "values"],
    }),
    signal,
  });
  if (!resp.ok || !resp.body) throw await errorOf(resp);
  const reader = resp.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const acc = new RunAccumulator(known);
  for (;;) {
    const { value, done } = await reader.read();
    const events = parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }), done);
    for (const e of events) {
      for (const out of acc.push(e)) yield out;
    }
    if (done) break;
  }
  if (!acc.ended) {
    yield { kind: "error", message: "the stream ended before the run finished" };
  }
}
