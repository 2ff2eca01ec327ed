//! What every example shares: a client of the real platform when the environment
//! names one, else of the built-in emulator started in this process.
//!
//! - `EPSIMO_API_URL` with `EPSIMO_TOKEN` (or `EPSIMO_EMAIL` and `EPSIMO_PASSWORD`):
//!   that API, and `EPSIMO_PROJECT_ID` (else a new project named `epsimo-example`).
//! - Nothing set: the emulator on a free port of this machine, with its account.
//!
//! The library reads no environment variable: the examples, like any front-end,
//! read their own and give them to the [`Session`].

#![allow(dead_code)]

use epsimo::emulator::{self, DEV_EMAIL, DEV_PASSWORD};
use epsimo::{Client, ProjectClient, Session};

/// The client, and the emulator when the example started one (stopped by
/// [`Connected::done`]).
pub struct Connected {
    pub client: Client,
    pub emulator: Option<emulator::Running>,
}

impl Connected {
    /// Stops the emulator, if one was started.
    pub async fn done(self) {
        if let Some(e) = self.emulator {
            e.stop().await;
        }
    }
}

pub async fn connect() -> Result<Connected, Box<dyn std::error::Error>> {
    if let Ok(url) = std::env::var("EPSIMO_API_URL") {
        let mut session = Session::new(url);
        if let Ok(token) = std::env::var("EPSIMO_TOKEN") {
            session = session.token(token);
        } else if let (Ok(email), Ok(password)) = (
            std::env::var("EPSIMO_EMAIL"),
            std::env::var("EPSIMO_PASSWORD"),
        ) {
            session = session.login(email, password);
        }
        return Ok(Connected {
            client: Client::new(session)?,
            emulator: None,
        });
    }
    let running = emulator::start(emulator::Config::default(), "127.0.0.1:0".parse()?).await?;
    eprintln!("(the built-in emulator, at {})", running.url());
    let session = Session::new(running.url()).login(DEV_EMAIL, DEV_PASSWORD);
    Ok(Connected {
        client: Client::new(session)?,
        emulator: Some(running),
    })
}

/// `EPSIMO_PROJECT_ID`, else a new project.
pub async fn project(client: &Client) -> Result<ProjectClient, Box<dyn std::error::Error>> {
    let id = match std::env::var("EPSIMO_PROJECT_ID") {
        Ok(id) => id,
        Err(_) => client
            .projects()
            .create("epsimo-example")
            .await?
            .project_id
            .clone(),
    };
    Ok(client.project(id))
}

/// An agent with the `update_database` tool (the built-in library's
/// `database_sync`), in the body the server takes.
pub fn notes_assistant() -> serde_json::Value {
    serde_json::json!({
        "name": "Notes",
        "config": {"configurable": {
            "type": "agent",
            "type==agent/agent_type": "GPT 4o Mini",
            "type==agent/system_message": "Keep the user's notes in the database.",
            "type==agent/tools": [{
                "id": "function-update_database", "type": "function", "name": "update_database",
                "description": "Save a value in the thread's database",
                "config": {"parameters": {"type": "object", "properties": {
                    "key": {"type": "string"}, "value": {}}, "required": ["key", "value"]}}
            }]
        }}
    })
}
