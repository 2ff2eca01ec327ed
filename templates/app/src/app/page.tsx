"use client";

import { useState } from "react";
import { DatabasePanel, SignIn, ThreadChat, ThreadList } from "@/components/epsimo";
import { useChat } from "@/hooks/epsimo";
import { API_URL, ASSISTANT_ID, PROJECT_ID } from "@/lib/epsimo";

type Pane = "chat" | "threads" | "database";

export default function Home() {
  const chat = useChat();
  const [theme, setTheme] = useState<"dark" | "light">("dark");
  // On a narrow screen one pane shows at a time, chosen by the tabs; on a wide
  // one all three stand side by side and the tabs are hidden.
  const [pane, setPane] = useState<Pane>("chat");

  if (!API_URL || !PROJECT_ID || !ASSISTANT_ID) {
    return (
      <main className="epsimo-setup">
        <h1>{"{{name_js}}"}</h1>
        <p>This app is not connected to an assistant yet. In this directory run:</p>
        <pre>epsimo init --create{"\n"}epsimo deploy</pre>
        <p>then restart the app (the ids land in <code>.env.local</code>).</p>
      </main>
    );
  }

  const tabs: [Pane, string][] = [
    ["chat", "Chat"],
    ["threads", "Threads"],
    ["database", "Database"],
  ];

  return (
    <main className="epsimo-app" data-theme={theme}>
      <header>
        <h1>{"{{name_js}}"}</h1>
        <div className="epsimo-actions">
          <button
            type="button"
            className="epsimo-secondary"
            aria-label={`Switch to the ${theme === "dark" ? "light" : "dark"} theme`}
            onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
          >
            {theme === "dark" ? "Light" : "Dark"}
          </button>
          {chat.session && (
            <button type="button" className="epsimo-secondary" onClick={chat.signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      {chat.session ? (
        <>
          <div className="epsimo-tabs" role="tablist" aria-label="Panes">
            {tabs.map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                className="epsimo-tab"
                aria-selected={pane === id}
                data-testid={`tab-${id}`}
                onClick={() => setPane(id)}
              >
                {label}
                {id === "database" && Object.keys(chat.database).length > 0 && ` (${Object.keys(chat.database).length})`}
              </button>
            ))}
          </div>
          <div className="epsimo-layout" data-pane={pane}>
            <div className="epsimo-pane epsimo-pane-threads">
              <ThreadList
                threads={chat.threads}
                current={chat.threadId}
                disabled={chat.isLoading}
                onSelect={(id) => {
                  chat.selectThread(id);
                  setPane("chat");
                }}
                onNew={() => {
                  chat.newThread();
                  setPane("chat");
                }}
              />
            </div>
            <div className="epsimo-pane epsimo-pane-chat">
              <ThreadChat chat={chat} theme={theme} />
            </div>
            <div className="epsimo-pane epsimo-pane-database">
              <DatabasePanel database={chat.database} />
            </div>
          </div>
        </>
      ) : (
        <SignIn onSignIn={chat.signIn} onSignUp={chat.signUp} />
      )}
    </main>
  );
}
