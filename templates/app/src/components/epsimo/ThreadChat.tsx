"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { useChat } from "@/hooks/epsimo/useChat";

type Chat = ReturnType<typeof useChat>;

export function ThreadChat({
  chat: given,
  assistantId,
  placeholder = "Ask me anything…",
  theme = "dark",
}: {
  chat?: Chat;
  assistantId?: string;
  placeholder?: string;
  theme?: "dark" | "light";
}) {
  const own = useChat({ assistantId });
  const chat = given ?? own;
  const [text, setText] = useState("");
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    end.current?.scrollIntoView({ behavior: "smooth", block: "end" });
  }, [chat.messages]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const t = text.trim();
    if (!t) return;
    setText("");
    void chat.sendMessage(t);
  }

  return (
    <section className="epsimo-chat" data-theme={theme} aria-label="Chat">
      <div className="epsimo-messages" role="log" aria-live="polite" data-testid="messages">
        {chat.messages.length === 0 && <p className="epsimo-muted">Say hello to start the conversation.</p>}
        {chat.messages.map((m) =>
          m.role === "tool" ? (
            // One card per tool call: its name, its arguments and, once it answers,
            // its result; collapsed until opened.
            <details key={m.id} className="epsimo-msg epsimo-tool-card" data-role="tool">
              <summary>
                <span className="epsimo-tool">⚙ {m.toolName}</span>
                <span className="epsimo-muted">{m.result === undefined ? " running…" : " done"}</span>
              </summary>
              {m.args && <pre className="epsimo-args">{m.args}</pre>}
              {m.result !== undefined && <pre className="epsimo-result">{m.result}</pre>}
            </details>
          ) : (
            <div key={m.id} className={`epsimo-msg epsimo-${m.role}`} data-role={m.role}>
              <span className="epsimo-text">{m.content}</span>
            </div>
          ),
        )}
        {chat.isLoading && <div className="epsimo-typing" aria-label="The assistant is answering">…</div>}
        <div ref={end} />
      </div>
      {chat.error && (
        <p role="alert" className="epsimo-error">
          {chat.error}
        </p>
      )}
      <form className="epsimo-input" onSubmit={submit}>
        <input
          name="message"
          aria-label="Message"
          placeholder={placeholder}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
        />
        {chat.isLoading ? (
          <button type="button" className="epsimo-primary" onClick={chat.stop}>
            Stop
          </button>
        ) : (
          <button type="submit" className="epsimo-primary">
            Send
          </button>
        )}
      </form>
    </section>
  );
}
