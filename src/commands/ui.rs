//! `epsimo ui`: a full-screen dashboard of projects, assistants, threads, a thread's
//! transcript and its Virtual Database, with a message line on the selected thread.
//!
//! The render loop never waits on the network: every request runs in a background
//! task that answers through a channel, and a pane whose data is on its way shows a
//! spinner in its title. Keys are read on a thread of their own. The selected
//! thread's state is read again every second (and after each event of a run sent
//! from here), so its database follows a run as it streams, wherever the run was
//! started. The terminal is restored on `q`, on Ctrl-C (exit 130), on SIGTERM and
//! on a panic.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, List, ListItem, ListState, Paragraph};
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::Ctx;
use crate::cli::UiArgs;
use crate::error::{CliError, Exit, Result};
use crate::sdk::{Client, Open};
use crate::sdk::{Input, Outcome, Sink};
use crate::stream::accumulator::RunEvent;

/// How often the selected thread's state is read again.
const POLL: Duration = Duration::from_secs(1);
const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// The panes, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Projects,
    Assistants,
    Threads,
    Transcript,
    Database,
}

const PANES: [Pane; 5] = [
    Pane::Projects,
    Pane::Assistants,
    Pane::Threads,
    Pane::Transcript,
    Pane::Database,
];

/// What a key asks of the loop beyond the dashboard's own state.
enum Action {
    Quit(Exit),
    /// The guided create of an assistant in the selected project (`n`).
    NewAssistant,
}

/// What the background and the keyboard tell the loop.
enum Msg {
    Key(KeyEvent),
    Resized,
    Projects(Result<Vec<Item>>),
    Assistants(String, Result<Vec<Item>>),
    Threads(String, Result<Vec<Item>>),
    State(String, Result<Value>),
    /// An event of the run sent from here arrived: its thread's state is read again.
    RunEvent(String),
    RunDone(String, Result<Outcome>),
}

/// A row of a list: its name, its id, and (threads) the assistant it talks to.
#[derive(Debug, Clone)]
struct Item {
    name: String,
    id: String,
    owner: Option<String>,
}

/// A list pane: its rows, what is selected, and whether its data is on its way.
#[derive(Default)]
struct Listed {
    items: Vec<Item>,
    state: ListState,
    loading: bool,
}

impl Listed {
    fn selected(&self) -> Option<&Item> {
        self.state.selected().and_then(|i| self.items.get(i))
    }

    fn fill(&mut self, items: Vec<Item>) {
        let keep = self.selected().map(|i| i.id.clone());
        self.items = items;
        let at = keep
            .and_then(|id| self.items.iter().position(|i| i.id == id))
            .or(if self.items.is_empty() { None } else { Some(0) });
        self.state.select(at);
        self.loading = false;
    }

    fn clear(&mut self) {
        self.items.clear();
        self.state.select(None);
    }

    /// Moves the selection by `by`; true when it changed.
    fn step(&mut self, by: isize) -> bool {
        if self.items.is_empty() {
            return false;
        }
        let now = self.state.selected().unwrap_or(0) as isize;
        let next = (now + by).clamp(0, self.items.len() as isize - 1) as usize;
        let changed = Some(next) != self.state.selected();
        self.state.select(Some(next));
        changed
    }
}

/// The dashboard's state.
struct App {
    client: Client,
    tx: mpsc::UnboundedSender<Msg>,
    color: bool,
    focus: Pane,
    projects: Listed,
    assistants: Listed,
    /// The project's threads; the pane shows those of the selected assistant.
    all_threads: Vec<Item>,
    threads: Listed,
    /// The selected thread's state as last read, and whether a read is under way.
    state: Option<Value>,
    state_loading: bool,
    last_poll: Instant,
    transcript_scroll: u16,
    /// Database keys shown folded, and the key under the cursor.
    folded: HashSet<String>,
    db_cursor: usize,
    /// The message being typed (`i`), and the thread a run sent from here is on.
    input: Option<String>,
    running: Option<String>,
    help: bool,
    /// The last thing worth saying (an error, a run's end).
    status: String,
    tick: usize,
    /// The project to select when the list arrives (`--project-id`, epsimo.yaml).
    want_project: Option<String>,
}

pub async fn run(args: &UiArgs, ctx: &Ctx) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "epsimo ui needs a terminal; scripts use `epsimo projects`, `epsimo threads` and `epsimo db query`",
        ));
    }
    // The library's client, on a transport that writes nothing to the screen.
    let client = ctx.quiet_client()?;
    let want_project = ctx.project_id_offline(&args.project)?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut app = App {
        client,
        tx: tx.clone(),
        color: ctx.printer.color,
        focus: Pane::Projects,
        projects: Listed::default(),
        assistants: Listed::default(),
        all_threads: Vec::new(),
        threads: Listed::default(),
        state: None,
        state_loading: false,
        last_poll: Instant::now(),
        transcript_scroll: 0,
        folded: HashSet::new(),
        db_cursor: 0,
        input: None,
        running: None,
        help: false,
        status: String::new(),
        tick: 0,
        want_project,
    };

    let mut term = Screen::enter()?;
    let keys = Arc::new(std::sync::atomic::AtomicU8::new(KEYS_READ));
    read_keys(tx.clone(), keys.clone());
    app.load_projects();
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    let outcome = loop {
        term.draw(&mut app)?;
        let msg = tokio::select! {
            m = rx.recv() => m,
            _ = ticker.tick() => None,
        };
        match msg {
            Some(Msg::Key(k)) => match app.key(k) {
                Some(Action::Quit(code)) => break code,
                Some(Action::NewAssistant) => {
                    let Some(pid) = app.project_id() else {
                        app.status = "select a project first".into();
                        continue;
                    };
                    // The terminal goes back to lines for the questions.
                    keys.store(KEYS_PAUSED, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(80)).await;
                    term.suspend();
                    let made = super::assistants::create_guided(
                        ctx,
                        &pid,
                        crate::cli::AssistantFields::default(),
                    )
                    .await;
                    term.resume()?;
                    keys.store(KEYS_READ, std::sync::atomic::Ordering::SeqCst);
                    app.status = match made {
                        Ok(id) => format!("created assistant {id}"),
                        Err(e) if e.exit == Exit::Interrupted => "nothing was created".into(),
                        Err(e) => e.message,
                    };
                    app.load_project();
                }
                None => continue,
            },
            Some(m) => app.answer(m),
            None => {
                app.tick = app.tick.wrapping_add(1);
                app.poll();
            }
        }
    };
    keys.store(KEYS_STOP, std::sync::atomic::Ordering::SeqCst);
    drop(term);
    match outcome {
        Exit::Ok => Ok(()),
        code => Err(CliError::new(code, "")),
    }
}

const KEYS_READ: u8 = 0;
/// Another prompt has the keyboard (the guided create).
const KEYS_PAUSED: u8 = 1;
const KEYS_STOP: u8 = 2;

/// Keys and resizes, read on a thread of their own (crossterm's read blocks).
fn read_keys(tx: mpsc::UnboundedSender<Msg>, state: Arc<std::sync::atomic::AtomicU8>) {
    std::thread::spawn(move || {
        loop {
            match state.load(std::sync::atomic::Ordering::SeqCst) {
                KEYS_STOP => break,
                KEYS_PAUSED => {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                _ => {}
            }
            match event::poll(Duration::from_millis(50)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => break,
            }
            let msg = match event::read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Ok(Event::Resize(..)) => Msg::Resized,
                Ok(_) => continue,
                Err(_) => break,
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
}

fn taking(e: std::io::Error) -> CliError {
    CliError::failure(format!("cannot take the terminal: {e}"))
}

/// The terminal in raw mode on the alternate screen, restored when dropped (and by
/// the panic hook, and by the signal watcher on SIGTERM).
struct Screen {
    term: ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
    /// Tells the signal watcher the terminal is raw (`None` while suspended).
    raw: Option<crate::interrupt::Reading>,
}

fn restore() {
    crate::interrupt::restore_raw();
}

impl Screen {
    fn enter() -> Result<Screen> {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        let term =
            ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
                .map_err(taking)?;
        let mut screen = Screen { term, raw: None };
        screen.resume()?;
        Ok(screen)
    }

    /// Gives the terminal back, as it was, for line-by-line questions.
    fn suspend(&mut self) {
        self.raw = None;
        restore();
    }

    /// Takes the terminal (raw, the alternate screen, no cursor), drawn whole from
    /// the next frame; on failure it is given back as it was.
    fn resume(&mut self) -> Result<()> {
        self.raw = Some(crate::interrupt::reading_raw());
        let taken = terminal::enable_raw_mode()
            .and_then(|()| {
                execute!(
                    std::io::stdout(),
                    terminal::EnterAlternateScreen,
                    cursor::Hide
                )
            })
            .and_then(|()| self.term.clear());
        taken.map_err(|e| {
            self.suspend();
            taking(e)
        })
    }

    fn draw(&mut self, app: &mut App) -> Result<()> {
        self.term
            .draw(|f| app.render(f))
            .map(|_| ())
            .map_err(|e| CliError::failure(format!("cannot draw: {e}")))
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// A run's events, told to the loop as they come (the state read after each shows
/// them).
struct Notify {
    tx: mpsc::UnboundedSender<Msg>,
    thread: String,
}

impl Sink for Notify {
    fn event(&mut self, _event: &RunEvent, _run_id: Option<&str>) -> Result<()> {
        let _ = self.tx.send(Msg::RunEvent(self.thread.clone()));
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}

impl App {
    // ---- requests, each in the background ---------------------------------------

    fn load_projects(&mut self) {
        self.projects.loading = true;
        let (client, tx) = (self.client.clone(), self.tx.clone());
        tokio::spawn(async move {
            let got = client.projects().list().await.map_err(CliError::from);
            let got = got.map(|ps| {
                ps.iter()
                    .map(|p| Item {
                        name: p.name.clone(),
                        id: p.project_id.clone(),
                        owner: None,
                    })
                    .collect()
            });
            let _ = tx.send(Msg::Projects(got));
        });
    }

    fn load_project(&mut self) {
        let Some(pid) = self.projects.selected().map(|p| p.id.clone()) else {
            return;
        };
        self.assistants.clear();
        self.threads.clear();
        self.all_threads.clear();
        self.state = None;
        self.assistants.loading = true;
        self.threads.loading = true;
        let project = self.client.project(&pid);
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let (assistants, threads) = tokio::join!(project.assistants(), project.threads());
            let assistants = assistants.map_err(CliError::from).map(|all| {
                all.iter()
                    .map(|a| Item {
                        name: a.name.clone(),
                        id: a.assistant_id.clone(),
                        owner: None,
                    })
                    .collect()
            });
            let threads = threads.map_err(CliError::from).map(|all| {
                all.iter()
                    .map(|t| Item {
                        name: t.name.clone().unwrap_or_default(),
                        id: t.thread_id.clone(),
                        owner: t.assistant_id.clone(),
                    })
                    .collect()
            });
            let _ = tx.send(Msg::Assistants(pid.clone(), assistants));
            let _ = tx.send(Msg::Threads(pid, threads));
        });
    }

    fn load_state(&mut self) {
        let (Some(pid), Some(tid)) = (self.project_id(), self.thread_id()) else {
            return;
        };
        if self.state_loading {
            return;
        }
        self.state_loading = true;
        self.last_poll = Instant::now();
        let (project, tx) = (self.client.project(&pid), self.tx.clone());
        tokio::spawn(async move {
            let got = project.thread_state(&tid).await.map_err(CliError::from);
            let _ = tx.send(Msg::State(tid, got));
        });
    }

    /// Sends the typed message on the selected thread, streamed in the background.
    fn send(&mut self, text: String) {
        let (Some(pid), Some(tid)) = (self.project_id(), self.thread_id()) else {
            self.status = "select a thread first".into();
            return;
        };
        if self.running.is_some() {
            self.status = "a run is under way: wait for it to end".into();
            return;
        }
        self.running = Some(tid.clone());
        self.status.clear();
        let (project, tx) = (self.client.project(&pid), self.tx.clone());
        tokio::spawn(async move {
            let open = Open {
                thread_id: Some(&tid),
                ..Default::default()
            };
            let got = match project.open(open).await {
                Ok(mut conv) => {
                    let mut sink = Notify {
                        tx: tx.clone(),
                        thread: tid.clone(),
                    };
                    project
                        .turn(&mut conv, Input::Message(&text), &mut sink)
                        .await
                }
                Err(e) => Err(e),
            };
            let got = got.map_err(CliError::from);
            let _ = tx.send(Msg::RunDone(tid, got));
        });
    }

    fn project_id(&self) -> Option<String> {
        self.projects.selected().map(|p| p.id.clone())
    }

    fn thread_id(&self) -> Option<String> {
        self.threads.selected().map(|t| t.id.clone())
    }

    /// The threads of the selected assistant (all of them when it has none selected).
    fn show_threads(&mut self) {
        let owner = self.assistants.selected().map(|a| a.id.clone());
        let mine: Vec<Item> = self
            .all_threads
            .iter()
            .filter(|t| owner.is_none() || t.owner == owner)
            .cloned()
            .collect();
        let before = self.thread_id();
        self.threads.fill(mine);
        if self.thread_id() != before {
            self.thread_changed();
        }
    }

    fn thread_changed(&mut self) {
        self.state = None;
        self.transcript_scroll = 0;
        self.db_cursor = 0;
        self.folded.clear();
        self.load_state();
    }

    /// Reads the selected thread's state again when it is time.
    fn poll(&mut self) {
        if self.thread_id().is_some() && self.last_poll.elapsed() >= POLL {
            self.load_state();
        }
    }

    // ---- what arrives ---------------------------------------------------------

    fn answer(&mut self, msg: Msg) {
        match msg {
            Msg::Key(_) | Msg::Resized => {}
            Msg::Projects(got) => match got {
                Ok(items) => {
                    self.projects.fill(items);
                    if let Some(want) = self.want_project.take()
                        && let Some(i) = self.projects.items.iter().position(|p| p.id == want)
                    {
                        self.projects.state.select(Some(i));
                    }
                    self.load_project();
                }
                Err(e) => {
                    self.projects.loading = false;
                    self.status = e.message;
                }
            },
            Msg::Assistants(pid, got) if Some(&pid) == self.project_id().as_ref() => match got {
                Ok(items) => {
                    self.assistants.fill(items);
                    self.show_threads();
                }
                Err(e) => {
                    self.assistants.loading = false;
                    self.status = e.message;
                }
            },
            Msg::Threads(pid, got) if Some(&pid) == self.project_id().as_ref() => match got {
                Ok(items) => {
                    self.all_threads = items;
                    self.show_threads();
                }
                Err(e) => {
                    self.threads.loading = false;
                    self.status = e.message;
                }
            },
            Msg::Assistants(..) | Msg::Threads(..) => {}
            Msg::State(tid, got) => {
                self.state_loading = false;
                if Some(&tid) != self.thread_id().as_ref() {
                    return;
                }
                match got {
                    Ok(state) => self.state = Some(state),
                    Err(e) => self.status = e.message,
                }
            }
            Msg::RunEvent(tid) => {
                if Some(&tid) == self.thread_id().as_ref() {
                    self.load_state();
                }
            }
            Msg::RunDone(tid, got) => {
                self.running = None;
                self.status = match got {
                    Ok(Outcome::Done) => "the run ended".into(),
                    Ok(Outcome::Paused(calls)) => format!(
                        "the run waits for approval of {}: `epsimo threads resume {tid}` runs it",
                        calls
                            .iter()
                            .map(|(_, n, _)| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Err(e) => format!("the run failed: {}", e.message),
                };
                if Some(&tid) == self.thread_id().as_ref() {
                    self.state_loading = false;
                    self.load_state();
                }
            }
        }
    }

    // ---- keys -------------------------------------------------------------------

    /// A key; what it asks of the loop, if anything.
    fn key(&mut self, k: KeyEvent) -> Option<Action> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(k.code, KeyCode::Char('c')) {
            return Some(Action::Quit(Exit::Interrupted));
        }
        if let Some(text) = self.input.as_mut() {
            match k.code {
                KeyCode::Esc => self.input = None,
                KeyCode::Enter => {
                    let text = self.input.take().unwrap_or_default();
                    if !text.trim().is_empty() {
                        self.send(text);
                    }
                }
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) if !ctrl => text.push(c),
                _ => {}
            }
            return None;
        }
        if self.help {
            if matches!(k.code, KeyCode::Esc | KeyCode::Char('?' | 'q')) {
                self.help = false;
            }
            return None;
        }
        match k.code {
            KeyCode::Char('q') => return Some(Action::Quit(Exit::Ok)),
            KeyCode::Char('n') => return Some(Action::NewAssistant),
            KeyCode::Char('?') => self.help = true,
            KeyCode::Tab | KeyCode::Right | KeyCode::Char('l') => self.cycle(1),
            KeyCode::BackTab | KeyCode::Left | KeyCode::Char('h') => self.cycle(-1),
            KeyCode::Down | KeyCode::Char('j') => self.step(1),
            KeyCode::Up | KeyCode::Char('k') => self.step(-1),
            KeyCode::PageDown => self.step(10),
            KeyCode::PageUp => self.step(-10),
            KeyCode::Enter | KeyCode::Char(' ') => match self.focus {
                Pane::Database => self.toggle_fold(),
                Pane::Transcript => {}
                _ => self.cycle(1),
            },
            KeyCode::Char('i') => {
                if self.thread_id().is_some() {
                    self.input = Some(String::new());
                } else {
                    self.status = "select a thread first".into();
                }
            }
            KeyCode::Char('r') => {
                self.status.clear();
                self.load_projects();
            }
            _ => {}
        }
        None
    }

    fn cycle(&mut self, by: isize) {
        let at = PANES.iter().position(|p| *p == self.focus).unwrap_or(0) as isize;
        let n = PANES.len() as isize;
        self.focus = PANES[((at + by).rem_euclid(n)) as usize];
    }

    fn step(&mut self, by: isize) {
        match self.focus {
            Pane::Projects => {
                if self.projects.step(by) {
                    self.load_project();
                }
            }
            Pane::Assistants => {
                if self.assistants.step(by) {
                    self.show_threads();
                }
            }
            Pane::Threads => {
                if self.threads.step(by) {
                    self.thread_changed();
                }
            }
            Pane::Transcript => {
                // Up goes back in the conversation; the bottom follows new messages.
                self.transcript_scroll =
                    (self.transcript_scroll as isize - by).clamp(0, u16::MAX as isize) as u16;
            }
            Pane::Database => {
                let keys = self.database().len();
                if keys > 0 {
                    self.db_cursor =
                        (self.db_cursor as isize + by).clamp(0, keys as isize - 1) as usize;
                }
            }
        }
    }

    fn toggle_fold(&mut self) {
        let db = self.database();
        if let Some(key) = db.keys().nth(self.db_cursor) {
            let key = key.clone();
            if !self.folded.remove(&key) {
                self.folded.insert(key);
            }
        }
    }

    fn database(&self) -> Map<String, Value> {
        self.state
            .as_ref()
            .map(|s| crate::contract::state::into_database(s["values"].clone()))
            .unwrap_or_default()
    }

    // ---- drawing ------------------------------------------------------------------

    fn render(&mut self, f: &mut ratatui::Frame) {
        let area = f.area();
        let rows = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Min(6), Constraint::Length(1)])
            .split(area);
        let left_width = (area.width * 3 / 10).clamp(20, 40);
        let columns = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Length(left_width), Constraint::Min(20)])
            .split(rows[0]);
        let left = Layout::default()
            .direction(Direction::Vertical)
            .constraints([
                Constraint::Ratio(1, 3),
                Constraint::Ratio(1, 3),
                Constraint::Ratio(1, 3),
            ])
            .split(columns[0]);
        let right = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
            .split(columns[1]);

        let spin = SPINNER[self.tick % SPINNER.len()];
        let titles = [
            ("Projects", self.projects.loading),
            ("Assistants", self.assistants.loading),
            ("Threads", self.threads.loading),
        ];
        for (i, (title, loading)) in titles.into_iter().enumerate() {
            let pane = PANES[i];
            let block = self.block(title, pane, loading.then_some(spin));
            let style = self.selection_style();
            let listed = match pane {
                Pane::Projects => &mut self.projects,
                Pane::Assistants => &mut self.assistants,
                _ => &mut self.threads,
            };
            let items: Vec<ListItem> = listed
                .items
                .iter()
                .map(|it| {
                    let name = if it.name.is_empty() {
                        "(no name)"
                    } else {
                        &it.name
                    };
                    ListItem::new(crate::util::sanitize(name))
                })
                .collect();
            let list = List::new(items)
                .block(block)
                .highlight_style(style)
                .highlight_symbol("› ");
            f.render_stateful_widget(list, left[i], &mut listed.state);
        }
        self.render_transcript(f, right[0], spin);
        self.render_database(f, right[1], spin);
        self.render_footer(f, rows[1]);
        if self.help {
            self.render_help(f, area);
        }
    }

    fn block<'a>(&self, title: &'a str, pane: Pane, spin: Option<&'a str>) -> Block<'a> {
        let focused = self.focus == pane;
        let mut title = vec![Span::raw(" "), Span::raw(title)];
        if let Some(s) = spin {
            title.push(Span::raw(" "));
            title.push(Span::raw(s));
        }
        title.push(Span::raw(" "));
        let mut block = Block::default()
            .borders(Borders::ALL)
            .title(Line::from(title));
        if focused {
            block = block.border_type(BorderType::Thick);
            block = if self.color {
                block.border_style(Style::default().fg(Color::Cyan))
            } else {
                block.title_style(Style::default().add_modifier(Modifier::BOLD))
            };
        }
        block
    }

    fn selection_style(&self) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if self.color {
            s.fg(Color::Black).bg(Color::Cyan)
        } else {
            s.add_modifier(Modifier::REVERSED)
        }
    }

    fn render_transcript(&self, f: &mut ratatui::Frame, area: Rect, spin: &str) {
        let running = self.running.is_some() && self.running == self.thread_id();
        let title = match self.threads.selected() {
            Some(t) => format!("Transcript · {}", t.id),
            None => "Transcript".to_string(),
        };
        let block = self.block(
            &title,
            Pane::Transcript,
            (running || (self.state_loading && self.state.is_none())).then_some(spin),
        );
        let text = match &self.state {
            Some(s) => {
                let messages = crate::contract::state::messages_of(&s["values"]);
                if messages.is_empty() {
                    "(no messages yet: press i to write one)".to_string()
                } else {
                    crate::transcript(&messages)
                }
            }
            None if self.thread_id().is_none() => "(no thread selected)".to_string(),
            None => String::new(),
        };
        let text = crate::util::sanitize(&text);
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        let lines: Vec<Line> = text
            .lines()
            .flat_map(|l| {
                if l.is_empty() {
                    vec![Line::raw("")]
                } else {
                    textwrap::wrap(l, width)
                        .into_iter()
                        .map(|w| Line::raw(w.into_owned()))
                        .collect()
                }
            })
            .collect();
        // Follow the end of the conversation unless scrolled back.
        let inner_height = area.height.saturating_sub(2);
        let scroll = (lines.len() as u16)
            .saturating_sub(inner_height)
            .saturating_sub(self.transcript_scroll);
        let para = Paragraph::new(lines);
        f.render_widget(para.block(block).scroll((scroll, 0)), area);
    }

    fn render_database(&self, f: &mut ratatui::Frame, area: Rect, spin: &str) {
        let db = self.database();
        let title = match db.len() {
            1 => "Database · 1 key".to_string(),
            n => format!("Database · {n} keys"),
        };
        let running = self.running.is_some() && self.running == self.thread_id();
        let block = self.block(&title, Pane::Database, running.then_some(spin));
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor_line = 0;
        if db.is_empty() {
            lines.push(Line::raw(if self.state.is_some() {
                "(empty: the assistant has written nothing)"
            } else {
                ""
            }));
        }
        for (i, (key, value)) in db.iter().enumerate() {
            let at_cursor = self.focus == Pane::Database && i == self.db_cursor;
            if i == self.db_cursor {
                cursor_line = lines.len();
            }
            let folded = self.folded.contains(key);
            let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
            let pretty = crate::util::sanitize(&pretty);
            let many = pretty.contains('\n');
            let mark = match (many, folded) {
                (false, _) => "  ",
                (true, true) => "▸ ",
                (true, false) => "▾ ",
            };
            let key_style = if at_cursor {
                self.selection_style()
            } else if self.color {
                Style::default().fg(Color::Cyan)
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            };
            let head = vec![
                Span::raw(mark),
                Span::styled(format!("{key:?}"), key_style),
                Span::raw(": "),
            ];
            if folded && many {
                let what = match value {
                    Value::Array(a) => format!("[…] {} items", a.len()),
                    Value::Object(o) => format!("{{…}} {} keys", o.len()),
                    _ => "…".to_string(),
                };
                lines.push(Line::from([head, vec![Span::raw(what)]].concat()));
                continue;
            }
            let mut rows = pretty.lines();
            let first = rows.next().unwrap_or_default().to_string();
            lines.push(Line::from([head, vec![Span::raw(first)]].concat()));
            for row in rows {
                lines.push(Line::raw(format!("    {row}")));
            }
        }
        let inner_height = area.height.saturating_sub(2) as usize;
        let scroll = cursor_line.saturating_sub(inner_height.saturating_sub(1)) as u16;
        f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    }

    fn render_footer(&self, f: &mut ratatui::Frame, area: Rect) {
        let line = if let Some(text) = &self.input {
            Line::from(vec![
                Span::styled("message> ", Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(text.clone()),
                Span::raw("▏"),
            ])
        } else if !self.status.is_empty() {
            Line::raw(crate::util::sanitize(&self.status))
        } else {
            Line::raw(
                "Tab pane  ↑↓ move  Enter open/fold  i message  n new assistant  ? help  q quit",
            )
        };
        f.render_widget(Paragraph::new(line), area);
    }

    fn render_help(&self, f: &mut ratatui::Frame, area: Rect) {
        let text = [
            "Tab / Shift-Tab, ← →, h l   next / previous pane",
            "↑ ↓, j k, PgUp PgDn         move in the pane (scroll the transcript)",
            "Enter                       open the selection (next pane)",
            "Enter or Space (Database)   fold or unfold the key",
            "i                           write a message on the thread; Enter",
            "                            sends it, Esc drops it",
            "n                           a new assistant in the project, guided",
            "r                           read everything again",
            "?                           this help (Esc closes it)",
            "q                           quit; Ctrl-C quits with 130",
            "",
            "The thread's state is read every second: its database",
            "follows a run wherever the run was started.",
        ];
        let width =
            (text.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16 + 4).min(area.width);
        let height = (text.len() as u16 + 2).min(area.height);
        let at = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        f.render_widget(Clear, at);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Double)
            .title(" Keys ");
        let lines: Vec<Line> = text.iter().map(|l| Line::raw(*l)).collect();
        f.render_widget(Paragraph::new(lines).block(block), at);
    }
}
