//! One module per command or group; each takes its args and the [`Ctx`].

pub mod api;
pub mod ask;
pub mod assistants;
pub mod auth;
pub mod chat;
pub mod completions;
pub mod create;
pub mod credits;
pub mod db;
pub mod deploy;
pub mod emulator;
pub mod files;
pub mod help;
pub mod init;
pub mod junit;
pub mod models;
pub mod projects;
pub mod stream;
pub mod test;
pub mod test_report;
pub mod threads;
pub mod tools;
pub mod ui;
pub mod whoami;

#[cfg(test)]
mod tests;

use crate::cli::{Cli, Command};
use crate::error::{CliError, Result};
use crate::output::Printer;

pub use crate::context::{
    Ctx, assistant_named, edit_text, pick, pick_from, pick_many, project_named, prompt_line,
};

/// Whether the command's long output may go through a pager: not a conversation,
/// a server or a stream.
pub fn pages(cli: &Cli) -> bool {
    !matches!(
        cli.command,
        Command::Chat(_)
            | Command::Ui(_)
            | Command::Emulator(_)
            | Command::Mcp(_)
            | Command::Completions(_)
    )
}

pub async fn dispatch(cli: Cli, printer: Printer) -> Result<()> {
    // Commands that log in or out themselves, or hold a terminal session, are not
    // repeated after a new login.
    let repeatable = !matches!(
        cli.command,
        Command::Auth(_)
            | Command::Login(_)
            | Command::Logout(_)
            | Command::Chat(_)
            | Command::Ui(_)
            | Command::Emulator(_)
            | Command::Mcp(_)
    );
    let ctx = Ctx::new(cli.global, printer);
    match run_command(cli.command, &ctx).await {
        Err(e) if e.renewable && repeatable && ctx.printer.interactive => {
            renew_login(&ctx, e).await?;
            // The same command line again, now with a fresh login.
            let again =
                <Cli as clap::Parser>::try_parse().map_err(|e| CliError::usage(e.to_string()))?;
            run_command(again.command, &ctx).await
        }
        other => other,
    }
}

/// An expired session on a terminal: offers to log in again as the stored email.
async fn renew_login(ctx: &Ctx, expired: CliError) -> Result<()> {
    ctx.printer
        .warn("your session has expired (nothing was sent with the old token)");
    if !ctx.confirm("Log in again and continue?", "`epsimo auth login`")? {
        return Err(expired);
    }
    let email = ctx
        .credentials()?
        .load()
        .ok()
        .and_then(|s| s.profiles.get(&ctx.profile()).and_then(|p| p.email.clone()));
    let args = crate::cli::LoginArgs {
        email,
        password_stdin: false,
        with_token: false,
        storage: None,
    };
    auth::run(crate::cli::AuthCommand::Login(args), ctx).await
}

async fn run_command(command: Command, ctx: &Ctx) -> Result<()> {
    match command {
        Command::Auth(cmd) => auth::run(cmd, ctx).await,
        Command::Whoami => whoami::run(ctx).await,
        Command::Projects(args) => projects::run(args, ctx).await,
        Command::Emulator(cmd) => emulator::run(cmd, ctx).await,
        Command::Help { topic } => help::run(&topic, ctx),
        Command::Create(args) => create::run(args, ctx).await,
        Command::Init(args) => init::run(args, ctx).await,
        Command::Deploy(args) => deploy::run(args, ctx).await,
        Command::Db(cmd) => db::run(cmd, ctx).await,
        Command::Credits(args) => {
            credits::run(
                args.command.unwrap_or(crate::cli::CreditsCommand::Balance),
                ctx,
            )
            .await
        }
        Command::Login(args) => auth::run(crate::cli::AuthCommand::Login(args), ctx).await,
        Command::Logout(args) => auth::run(crate::cli::AuthCommand::Logout(args), ctx).await,
        Command::Assistants(args) => assistants::run(args, ctx).await,
        Command::Threads(args) => threads::run(args, ctx).await,
        Command::Chat(args) => chat::run(args, ctx).await,
        Command::Ui(args) => ui::run(&args, ctx).await,
        Command::Files(cmd) => files::run(cmd, ctx).await,
        Command::Tools(args) => tools::run(args, ctx).await,
        Command::Models(args) => models::run(args, ctx).await,
        Command::Api(args) => api::run(args, ctx).await,
        Command::Completions(args) => completions::completions(args.shell),
        Command::Man { dir, command } => match dir {
            Some(dir) => completions::man(&dir, &ctx.printer),
            None => completions::man_page(&command),
        },
        Command::Mcp(args) => {
            // Standard output carries the protocol: nothing else may reach it, and
            // nothing may ask a question on a terminal.
            let mut printer = ctx.printer.clone();
            printer.interactive = false;
            printer.out = crate::output::Stream::Stderr;
            let server_ctx = Ctx::with_config_dir(ctx.global.clone(), printer, ctx.config_dir());
            crate::mcp::serve(args, server_ctx).await
        }
        Command::Skill => ctx.printer.line(SKILL.trim_end()),
        Command::Ask(args) => ask::run(args, ctx).await,
        Command::Test(args) => test::run(args, ctx).await,
    }
}

/// `skills/epsimo/SKILL.md`, built into the binary for `epsimo skill`.
pub const SKILL: &str = include_str!("../../skills/epsimo/SKILL.md");

/// True when the command runs a server (the emulator, the MCP server), which
/// wants a worker pool.
pub fn serves(cli: &Cli) -> bool {
    matches!(cli.command, Command::Emulator(_) | Command::Mcp(_))
}

/// True when the command handles Ctrl-C itself: the emulator (it must stop a
/// child), deploy (it reports what was applied), chat (Ctrl-C stops a reply, not
/// the conversation).
pub fn handles_signals(cli: &Cli) -> bool {
    matches!(
        cli.command,
        Command::Emulator(_)
            | Command::Deploy(_)
            | Command::Chat(_)
            | Command::Ui(_)
            | Command::Mcp(_)
    )
}
