"use client";

import type { ThreadSummary } from "@/lib/epsimo";

function ago(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "";
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** The assistant's threads, newest first: the current one marked, any other one
 * a click away. "New thread" starts an empty one (created on its first message). */
export function ThreadList({
  threads,
  current,
  onSelect,
  onNew,
  disabled = false,
}: {
  threads: ThreadSummary[];
  current: string | null;
  onSelect: (id: string) => void;
  onNew: () => void;
  disabled?: boolean;
}) {
  return (
    <nav className="epsimo-threads" aria-label="Threads" data-testid="thread-list">
      <div className="epsimo-threads-head">
        <h2>Threads</h2>
        <button type="button" className="epsimo-secondary" onClick={onNew} disabled={disabled || current === null}>
          New thread
        </button>
      </div>
      {threads.length === 0 ? (
        <p className="epsimo-muted">No threads yet: your first message starts one.</p>
      ) : (
        <ul>
          {threads.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className="epsimo-thread"
                aria-current={t.id === current ? "true" : undefined}
                data-thread-id={t.id}
                disabled={disabled}
                onClick={() => onSelect(t.id)}
                title={t.id}
              >
                <span className="epsimo-thread-name">{t.name}</span>
                <span className="epsimo-muted">{ago(t.updatedAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
