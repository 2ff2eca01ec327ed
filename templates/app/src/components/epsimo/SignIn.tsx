"use client";

import { type FormEvent, useState } from "react";

/** Sign in, or (one link away) create an account: the password is asked twice. */
export function SignIn({
  onSignIn,
  onSignUp,
}: {
  onSignIn: (email: string, password: string) => Promise<void>;
  onSignUp?: (email: string, password: string) => Promise<void>;
}) {
  const [mode, setMode] = useState<"in" | "up">("in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const up = mode === "up";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (up && password !== again) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    try {
      await (up && onSignUp ? onSignUp : onSignIn)(email, password);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  function switchTo(next: "in" | "up") {
    setMode(next);
    setError(null);
    setAgain("");
  }

  return (
    <form className="epsimo-signin" onSubmit={submit} aria-label={up ? "Create an account" : "Sign in"}>
      <h2>{up ? "Create an account" : "Sign in"}</h2>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete={up ? "new-password" : "current-password"}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {up && (
        <label>
          Password again
          <input name="password-again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
        </label>
      )}
      <button type="submit" className="epsimo-primary" disabled={busy}>
        {busy ? (up ? "Creating…" : "Signing in…") : up ? "Create account" : "Sign in"}
      </button>
      {error && (
        <p role="alert" className="epsimo-error">
          {error}
        </p>
      )}
      {onSignUp && (
        <p className="epsimo-muted">
          {up ? "Have an account? " : "No account yet? "}
          <a
            href="#"
            className="epsimo-link"
            onClick={(e) => {
              e.preventDefault();
              switchTo(up ? "in" : "up");
            }}
          >
            {up ? "Sign in" : "Create one"}
          </a>
        </p>
      )}
    </form>
  );
}
