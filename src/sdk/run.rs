//! Runs: a streamed turn of an assistant on a thread, as a [`Run`] of typed events.

use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::Value;
use tokio::sync::mpsc;

use super::project::ProjectClient;
use super::{Error, Result, RunEvent};
use crate::platform::threads::{self, AssistantChoice, Opening};
use crate::stream::turn::{Input, Outcome, Sink, turn};

/// A run in progress: a [`Stream`](futures_util::Stream) of [`RunEvent`]s as the
/// server sends them (text, tool calls and results, complete messages), then
/// [`Run::finish`] says how it ended. Dropping it stops reading the run.
#[derive(Debug)]
pub struct Run {
    thread_id: String,
    events: mpsc::UnboundedReceiver<RunEvent>,
    task: tokio::task::JoinHandle<Result<RunEnd>>,
}

/// How a run ended (a failure is an [`Error`]).
#[derive(Debug, Clone, PartialEq)]
pub enum RunEnd {
    /// The run finished.
    Done,
    /// The run stopped before these tool calls, waiting for approval:
    /// [`ProjectClient::resume`] runs them.
    Paused {
        /// Each call's id, tool name and arguments.
        calls: Vec<(String, String, Value)>,
    },
}

impl Run {
    /// The thread the run is on (a new one when none was given).
    pub fn thread_id(&self) -> &str {
        &self.thread_id
    }

    /// Reads the rest of the run and says how it ended.
    pub async fn finish(mut self) -> Result<RunEnd> {
        self.events.close();
        while self.events.recv().await.is_some() {}
        match (&mut self.task).await {
            Ok(end) => end,
            Err(e) => Err(Error::from(crate::error::CliError::failure(format!(
                "the run's reader stopped: {e}"
            )))),
        }
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl futures_util::Stream for Run {
    type Item = RunEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<RunEvent>> {
        self.events.poll_recv(cx)
    }
}

/// The turn's sink: every event goes to the [`Run`]'s reader.
struct Channel(mpsc::UnboundedSender<RunEvent>);

impl Sink for Channel {
    fn event(&mut self, event: &RunEvent, _run_id: Option<&str>) -> crate::error::Result<()> {
        // A reader that went away only stops hearing; the run is not cut short.
        let _ = self.0.send(event.clone());
        Ok(())
    }

    fn flush(&mut self) -> crate::error::Result<()> {
        Ok(())
    }
}

impl super::Client {
    /// Sends `message` to a public assistant through the OpenAI-compatible route
    /// (`/public/openai/v1/chat/completions`), as an outsider: the public `token`
    /// selects the assistant, and no login is sent. The reply streams to
    /// `on_piece` as it arrives, then a [`PublicPiece::Done`]; an error `on_piece`
    /// returns stops the reading and is returned as it is.
    pub async fn ask_openai<E: From<Error>>(
        &self,
        token: &str,
        message: &str,
        mut on_piece: impl FnMut(PublicPiece) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stopped: Option<E> = None;
        let read = crate::platform::public::ask_openai(&self.api, token, message, |piece| {
            on_piece(piece).map_err(|e| {
                stopped = Some(e);
                // Only stops the reading: `stopped` is what is returned.
                crate::error::CliError::failure("stopped by the caller")
            })
        })
        .await;
        match stopped {
            Some(e) => Err(e),
            None => read.map_err(|e| E::from(Error::from(e))),
        }
    }

    /// One message to a public assistant through the platform's public streaming
    /// route (`/public/runs/stream`), with its public `token` (none for a
    /// `public_no_auth` assistant), into a front-end's own `sink`: for `ask`.
    pub(crate) async fn public_turn(
        &self,
        token: Option<&str>,
        conversation: &mut crate::stream::turn::Conversation,
        message: &str,
        sink: &mut (dyn Sink + Send),
    ) -> Result<Outcome> {
        Ok(crate::stream::turn::public_turn(&self.api, token, conversation, message, sink).await?)
    }
}

/// What a public assistant's reply streams ([`Client::ask_openai`](super::Client::ask_openai)).
pub use crate::platform::public::Piece as PublicPiece;

/// How a front-end of this crate names the conversation a run goes on.
pub(crate) use crate::platform::threads::{AssistantChoice as Choice, Opening as Open};

impl ProjectClient {
    /// The conversation a run goes on (the thread read, or made; its assistant; the
    /// messages it held), for this crate's front-ends, which run into a sink of
    /// their own ([`ProjectClient::turn`]).
    pub(crate) async fn open(&self, open: Open<'_>) -> Result<crate::stream::turn::Conversation> {
        Ok(threads::conversation(&self.api, &self.id, open).await?)
    }

    /// One turn of `conversation` into a front-end's own `sink`.
    pub(crate) async fn turn(
        &self,
        conversation: &mut crate::stream::turn::Conversation,
        input: Input<'_>,
        sink: &mut (dyn Sink + Send),
    ) -> Result<Outcome> {
        Ok(turn(&self.api, &self.id, conversation, input, sink).await?)
    }

    /// Sends `message` to the assistant `assistant_id`, on the thread `thread_id`
    /// (else on a new thread of that assistant), and streams the run.
    pub async fn run(
        &self,
        assistant_id: &str,
        thread_id: Option<&str>,
        message: &str,
    ) -> Result<Run> {
        let name = threads::name_from(message);
        let open = Opening {
            thread_id,
            assistant: AssistantChoice {
                id: Some(assistant_id),
                name: None,
            },
            new_name: thread_id.is_none().then_some(name.as_str()),
        };
        let conv = threads::conversation(&self.api, &self.id, open).await?;
        Ok(self.start(conv, Some(message.to_string())))
    }

    /// Runs the tool calls a paused run on `thread_id` waits for, and streams the
    /// rest of the run. A thread with nothing waiting, or whose last tool call
    /// failed (it would run again), is refused.
    pub async fn resume(&self, thread_id: &str) -> Result<Run> {
        let open = Opening {
            thread_id: Some(thread_id),
            ..Opening::default()
        };
        let conv = threads::conversation(&self.api, &self.id, open).await?;
        if let Err(why) = threads::resumable(&conv) {
            return Err(Error::from(crate::error::CliError::new(
                crate::error::Exit::Invalid,
                why.message(thread_id),
            )));
        }
        Ok(self.start(conv, None))
    }

    fn start(&self, mut conv: crate::stream::turn::Conversation, message: Option<String>) -> Run {
        let (tx, rx) = mpsc::unbounded_channel();
        let api = self.api.clone();
        let pid = self.id.clone();
        let thread_id = conv.thread_id.clone();
        let task = tokio::spawn(async move {
            let mut sink = Channel(tx);
            let input = match &message {
                Some(m) => Input::Message(m),
                None => Input::Resume,
            };
            match turn(&api, &pid, &mut conv, input, &mut sink).await? {
                Outcome::Done => Ok(RunEnd::Done),
                Outcome::Paused(calls) => Ok(RunEnd::Paused { calls }),
            }
        });
        Run {
            thread_id,
            events: rx,
            task,
        }
    }
}
