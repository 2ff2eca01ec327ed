"use client";

// useChat: a headless chat on persistent threads (the last one reopens; earlier
// ones are listed to switch to). Bring your own UI.

import { useCallback, useEffect, useRef, useState } from "react";
import {
  ASSISTANT_ID,
  EpsimoError,
  type Session,
  contentText,
  createThread,
  databaseOf,
  getState,
  listThreads,
  messagesOf,
  signIn as apiSignIn,
  signUp as apiSignUp,
  streamRun,
  type ThreadSummary,
} from "@/lib/epsimo";

/** A message to show. A tool call is one message (`role: "tool"`, keyed by the
 * call's id) that gets its result when the tool answers. */
export type ChatMessage = {
  id: string;
  role: "user" | "assistant" | "tool";
  content: string;
  toolName?: string;
  /** The call's arguments, as JSON. */
  args?: string;
  /** What the tool returned (absent while it runs). */
  result?: string;
};

/** The messages with a tool's result put on its call's card (or a card of its own). */
function withResult(messages: ChatMessage[], callId: string, name: string, result: string): ChatMessage[] {
  const i = messages.findIndex((x) => x.role === "tool" && x.id === callId);
  if (i < 0) return [...messages, { id: `${callId}:result`, role: "tool", toolName: name, content: "", result }];
  const copy = messages.slice();
  copy[i] = { ...copy[i], result };
  return copy;
}

const SESSION_KEY = "epsimo.session";
const threadKey = (assistantId: string) => `epsimo.thread.${assistantId}`;

function loadSession(): Session | null {
  if (typeof window === "undefined") return null;
  try {
    const s = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) ?? "null") as Session | null;
    return s && s.expiresAt > Date.now() + 60_000 ? s : null;
  } catch {
    return null;
  }
}

function toChat(messages: ReturnType<typeof messagesOf>): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.type === "human") out.push({ id: m.id, role: "user", content: contentText(m.content) });
    else if (m.type === "ai") {
      for (const c of m.tool_calls ?? []) {
        out.push({ id: c.id, role: "tool", toolName: c.name, content: "", args: JSON.stringify(c.args ?? {}) });
      }
      const text = contentText(m.content);
      if (text) out.push({ id: m.id, role: "assistant", content: text });
    } else if (m.type === "tool") {
      const done = withResult(out, m.tool_call_id ?? m.id, m.name ?? "tool", contentText(m.content));
      out.splice(0, out.length, ...done);
    }
  }
  return out;
}

export function useChat(options: { assistantId?: string; threadId?: string } = {}) {
  const assistantId = options.assistantId ?? ASSISTANT_ID;
  const [session, setSession] = useState<Session | null>(null);
  const [threadId, setThreadId] = useState<string | null>(options.threadId ?? null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [database, setDatabase] = useState<Record<string, unknown>>({});
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [isLoading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  // The thread on screen: an answer for another one (switched away from while
  // it loaded) is dropped.
  const shown = useRef<string | null>(threadId);
  shown.current = threadId;
  // A state read that overlaps a run (the first message creates the thread, which
  // starts a read while the run streams) answers messages older than what the run
  // shows, however late it answers: dropped. `runs` counts the runs started,
  // `running` says one streams.
  const runs = useRef(0);
  const running = useRef(false);

  useEffect(() => {
    setSession(loadSession());
    if (!options.threadId && typeof window !== "undefined") {
      setThreadId(window.localStorage.getItem(threadKey(assistantId)));
    }
  }, [assistantId, options.threadId]);

  const fail = useCallback((e: unknown) => {
    if (e instanceof EpsimoError && e.status === 401) {
      window.sessionStorage.removeItem(SESSION_KEY);
      setSession(null);
      setError("Your session expired: sign in again.");
      return;
    }
    setError(e instanceof Error ? e.message : String(e));
  }, []);

  const refresh = useCallback(async () => {
    if (!session || !threadId) return;
    const began = runs.current;
    const during = running.current;
    try {
      const state = await getState(session, threadId);
      // A run that streamed while this read was out shows more than it answers.
      if (shown.current !== threadId || during || running.current || runs.current !== began) return;
      setMessages(toChat(messagesOf(state.values)));
      setDatabase(databaseOf(state.values));
    } catch (e) {
      fail(e);
    }
  }, [session, threadId, fail]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loadThreads = useCallback(async () => {
    if (!session) return;
    try {
      setThreads(await listThreads(session, assistantId));
    } catch (e) {
      fail(e);
    }
  }, [session, assistantId, fail]);

  useEffect(() => {
    void loadThreads();
  }, [loadThreads]);

  const signIn = useCallback(async (email: string, password: string) => {
    setError(null);
    const s = await apiSignIn(email, password);
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    setSession(s);
  }, []);

  const signUp = useCallback(async (email: string, password: string) => {
    setError(null);
    const s = await apiSignUp(email, password);
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    setSession(s);
  }, []);

  const signOut = useCallback(() => {
    window.sessionStorage.removeItem(SESSION_KEY);
    setSession(null);
    setMessages([]);
    setDatabase({});
    setThreads([]);
  }, []);

  const sendMessage = useCallback(
    async (text: string) => {
      if (!session || !text.trim() || isLoading) return;
      setError(null);
      setLoading(true);
      runs.current += 1;
      running.current = true;
      const local: ChatMessage = { id: `local-${Date.now()}`, role: "user", content: text };
      setMessages((m) => [...m, local]);
      abort.current = new AbortController();
      try {
        let thread = threadId;
        if (!thread) {
          // One thread for the conversation: a new thread costs a credit.
          // Named after its first message, so the thread list can tell them apart.
          const name = text.length > 60 ? `${text.slice(0, 59)}…` : text;
          thread = await createThread(session, assistantId, name);
          window.localStorage.setItem(threadKey(assistantId), thread);
          setThreadId(thread);
        }
        // The replies already shown existed before this run: never shown again,
        // whichever way the server frames its stream.
        const known = messages.filter((m) => m.role === "assistant").map((m) => m.id);
        for await (const ev of streamRun(session, thread, assistantId, text, abort.current.signal, known)) {
          if (ev.kind === "token" || ev.kind === "restart") {
            const add = ev.kind === "token" ? ev.text : ev.content;
            setMessages((m) => {
              const i = m.findIndex((x) => x.id === ev.id);
              if (i < 0) return [...m, { id: ev.id, role: "assistant", content: add }];
              const copy = m.slice();
              copy[i] = { ...copy[i], content: ev.kind === "token" ? copy[i].content + add : add };
              return copy;
            });
          } else if (ev.kind === "tool_call") {
            setMessages((m) =>
              m.some((x) => x.role === "tool" && x.id === ev.id)
                ? m
                : [...m, { id: ev.id, role: "tool", toolName: ev.name, content: "", args: JSON.stringify(ev.args) }],
            );
          } else if (ev.kind === "tool_result") {
            setMessages((m) => withResult(m, ev.toolCallId, ev.name, ev.content));
          } else if (ev.kind === "error") {
            setError(ev.message);
          }
        }
        const state = await getState(session, thread);
        setDatabase(databaseOf(state.values));
        void loadThreads();
      } catch (e) {
        if (!(e instanceof DOMException && e.name === "AbortError")) fail(e);
      } finally {
        running.current = false;
        setLoading(false);
        abort.current = null;
      }
    },
    [session, threadId, assistantId, isLoading, fail, messages, loadThreads],
  );

  const stop = useCallback(() => abort.current?.abort(), []);

  const newThread = useCallback(() => {
    if (isLoading) return;
    window.localStorage.removeItem(threadKey(assistantId));
    setThreadId(null);
    setMessages([]);
    setDatabase({});
    setError(null);
  }, [assistantId, isLoading]);

  /** Opens an earlier thread (its messages and database load from the server). */
  const selectThread = useCallback(
    (id: string) => {
      if (isLoading || id === threadId) return;
      window.localStorage.setItem(threadKey(assistantId), id);
      setMessages([]);
      setDatabase({});
      setError(null);
      setThreadId(id);
    },
    [assistantId, isLoading, threadId],
  );

  return {
    session,
    signIn,
    signUp,
    signOut,
    threadId,
    threads,
    selectThread,
    messages,
    database,
    isLoading,
    error,
    sendMessage,
    stop,
    refresh,
    newThread,
  };
}
