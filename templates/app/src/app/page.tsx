"use client";

import { useState } from "react";
import { DatabasePanel, SignIn, ThreadChat } from "@/components/epsimo";
import { useChat } from "@/hooks/epsimo";
import { API_URL, ASSISTANT_ID, PROJECT_ID } from "@/lib/epsimo";

export default function Home() {
  const chat = useChat();
  const [theme, setTheme] = useState<"dark" | "light">("dark");

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

  return (
    <main className="epsimo-app" data-theme={theme}>
      <header>
        <h1>{"{{name_js}}"}</h1>
        <div className="epsimo-actions">
          <button type="button" onClick={() => setTheme(theme === "dark" ? "light" : "dark")}>
            {theme === "dark" ? "Light" : "Dark"} theme
          </button>
          {chat.session && (
            <>
              <button type="button" onClick={chat.newThread}>
                New thread
              </button>
              <button type="button" onClick={chat.signOut}>
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      {chat.session ? (
        <div className="epsimo-layout">
          <ThreadChat chat={chat} theme={theme} />
          <DatabasePanel database={chat.database} />
        </div>
      ) : (
        <SignIn onSignIn={chat.signIn} />
      )}
    </main>
  );
}
