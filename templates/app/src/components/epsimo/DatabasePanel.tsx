"use client";

/** The thread's Virtual Database: every key the agent (or `epsimo db set`) wrote. */
export function DatabasePanel({ database }: { database: Record<string, unknown> }) {
  const keys = Object.keys(database);
  return (
    <aside className="epsimo-db" aria-label="Thread database" data-testid="database-panel">
      <h2>Database</h2>
      {keys.length === 0 ? (
        <p className="epsimo-muted">Empty. The assistant writes here with its update_database tool.</p>
      ) : (
        <dl>
          {keys.map((k) => (
            <div key={k} data-testid={`db-${k}`}>
              <dt>{k}</dt>
              <dd>
                <pre>{JSON.stringify(database[k], null, 2)}</pre>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </aside>
  );
}
