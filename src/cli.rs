//! The command tree, designed once for the whole product.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::engine::ArgValueCompleter;

use crate::completion;

use crate::output::ColorChoice;

#[derive(Debug, Parser)]
#[command(
    name = "epsimo",
    version,
    about = "The command-line client of the Epsimo AI agent platform",
    long_about = "The command-line client of the Epsimo AI agent platform.\n\n\
        Manage projects, assistants, threads and their Virtual Database; deploy an \
        epsimo.yaml; chat with an assistant; or run a local emulator of the platform \
        for offline work and CI.",
    after_help = "Examples:\n  epsimo auth login\n  epsimo projects --json\n  \
        epsimo emulator exec -- sh -c 'epsimo auth login && epsimo whoami'\n\n\
        Environment variables: `epsimo help environment`; exit codes: `epsimo help exit-codes`.",
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// Filter the JSON output with a jq expression (implies --json)
    #[arg(long, global = true, value_name = "EXPR")]
    pub jq: Option<String>,
    /// API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,
    /// Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Print only data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Trace HTTP requests on stderr (tokens and passwords redacted)
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to use color
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Never prompt; fail with a hint instead (also when CI=true or without a terminal)
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Allow plain http:// to a host that is not loopback (tokens travel unencrypted)
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)
    #[arg(long, global = true)]
    pub no_pager: bool,
}

/// `--project-id` for project-scoped commands.
#[derive(Debug, Args, Clone, Default)]
pub struct ProjectArg {
    /// Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]
    #[arg(long, global = true, value_name = "ID", add = ArgValueCompleter::new(completion::projects))]
    pub project_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in, sign up, log out, and inspect credentials
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Show the logged-in account and its thread usage
    #[command(after_help = "Examples:\n  epsimo whoami\n  epsimo whoami --jq .threads_remaining")]
    Whoami,
    /// List, create, show and delete projects
    #[command(
        after_help = "Examples:\n  epsimo projects\n  epsimo projects --json | jq -r '.[].project_id'\n  epsimo projects create \"Support Bot\" --description \"Customer support\"\n  epsimo projects delete PROJECT_ID --yes"
    )]
    Projects(ProjectsArgs),
    /// Scaffold a Next.js app with a chat UI wired to Epsimo
    #[command(
        long_about = "Scaffold a Next.js (App Router, TypeScript) app with a chat UI wired to Epsimo: ThreadChat, useChat, DatabasePanel, a sign-in form, and an epsimo.yaml with one assistant. The template is built into epsimo, so this works offline.",
        after_help = "Examples:\n  epsimo create \"My AI App\"          # writes ./my-ai-app\n  cd my-ai-app && epsimo init --create && epsimo deploy\n  epsimo create \"Demo\" --dir apps/demo"
    )]
    Create(CreateArgs),
    /// Link the current directory to a project (writes epsimo.yaml)
    #[command(
        after_help = "Examples:\n  epsimo init --create\n  epsimo init --project-id PROJECT_ID\n  epsimo init --name \"My AI App\""
    )]
    Init(InitArgs),
    /// Sync epsimo.yaml to the platform
    #[command(
        long_about = "Compare epsimo.yaml with the project's assistants (matched by name), print the plan on stderr (+ create, ~ update, - delete) and apply it. Prints `name<TAB>assistant_id` per assistant on stdout.",
        after_help = "Examples:\n  epsimo deploy --check\n  epsimo deploy --dry-run --exit-code   # exit 8 when changes are pending\n  epsimo deploy\n  epsimo deploy --prune --yes"
    )]
    Deploy(DeployArgs),
    /// Read and write a thread's Virtual Database
    #[command(subcommand)]
    Db(DbCommand),
    /// Log in (the same as `epsimo auth login`)
    #[command(
        after_help = "Examples:\n  epsimo login\n  echo \"$PASSWORD\" | epsimo login --email you@example.com --password-stdin"
    )]
    Login(LoginArgs),
    /// Log out (the same as `epsimo auth logout`)
    Logout(LogoutArgs),
    /// Thread credits: balance (the default) and purchase
    #[command(
        after_help = "Examples:\n  epsimo credits\n  epsimo credits buy --quantity 1000     # 80.00 EUR estimated"
    )]
    Credits(CreditsArgs),
    /// Manage the assistants of a project
    #[command(
        after_help = "Examples:\n  epsimo assistants --project-id PROJECT_ID\n  epsimo assistants create --name Support --tool retrieval --instructions \"Be kind.\"\n  epsimo assistants update ASSISTANT_ID --public\n  epsimo assistants --json --jq '.[].name'"
    )]
    Assistants(AssistantsArgs),
    /// Manage threads and run conversations
    #[command(
        after_help = "Examples:\n  epsimo threads --project-id PROJECT_ID\n  epsimo threads run --message \"Hello\"\n  epsimo threads show THREAD_ID\n  epsimo threads state THREAD_ID | jq .values"
    )]
    Threads(ThreadsArgs),
    /// Chat with an assistant interactively
    #[command(
        long_about = "Chat with an assistant on one thread, turn after turn, with line editing and history. Slash commands (/help lists them, Tab completes them): /db, /db set KEY VALUE, /threads, /switch NAME, /new, /export, /edit, /exit and more. Replies' Markdown is rendered as it streams on a terminal (--render). Needs a terminal; scripts use `epsimo threads run`.",
        after_help = "Examples:\n  epsimo chat\n  epsimo chat --assistant Support\n  epsimo chat --thread-id THREAD_ID"
    )]
    Chat(ChatArgs),
    /// A full-screen dashboard: projects, assistants, threads, transcripts, databases
    #[command(
        long_about = "A full-screen dashboard of the account: projects, their assistants and threads, the selected thread's transcript and its Virtual Database (pretty JSON, foldable, read again every second so it follows a run as it streams). `i` writes a message on the selected thread; `?` lists the keys; `q` quits. Needs a terminal.",
        after_help = "Examples:\n  epsimo ui\n  epsimo ui --project-id PROJECT_ID"
    )]
    Ui(UiArgs),
    /// Manage files attached to assistants
    #[command(
        subcommand,
        after_help = "Examples:\n  epsimo files upload --assistant-id ASSISTANT_ID handbook.pdf faq.md\n  epsimo files list --assistant-id ASSISTANT_ID"
    )]
    Files(FilesCommand),
    /// Tool catalogue, tool health and the built-in tool library
    #[command(
        after_help = "Examples:\n  epsimo tools\n  epsimo tools health search_tavily\n  epsimo tools library"
    )]
    Tools(ToolsArgs),
    /// The model families the server accepts, per bot type (from its own schema)
    #[command(
        long_about = "The model families the server accepts for each bot type (agent, chatbot, chat_retrieval), read from its GET /runs/config_schema and cached per API URL. A family is what `agent_type` in epsimo.yaml (or --agent-type) names; --model strings map to one (gpt-4o -> \"GPT 4o\").",
        after_help = "Examples:\n  epsimo models\n  epsimo models --refresh\n  epsimo models --json --jq '.families[] | select(.bot_type == \"agent\") | .families'"
    )]
    Models(ModelsArgs),
    /// Make a raw authenticated API request
    #[command(
        long_about = "Make a raw authenticated request, like `gh api`. Paths under /assistants, /threads and /runs use the project token (the project from --project-id, EPSIMO_PROJECT_ID or epsimo.yaml); others use your user token. The response body goes to stdout.",
        after_help = "Examples:\n  epsimo api /projects/\n  epsimo api /threads/ --project-id PROJECT_ID --jq length\n  epsimo api /assistants/ -X POST -f name=Bot -f 'config={\"configurable\":{}}'\n  epsimo api /auth/thread-info --include"
    )]
    Api(ApiArgs),
    /// Run conversation tests of assistants (epsimo.test.yaml)
    #[command(
        args_conflicts_with_subcommands = true,
        long_about = "Run conversation tests: each test of epsimo.test.yaml and tests/*.epsimo-test.yaml (or the PATHS given) runs on a fresh thread of its assistant, and its assertions are checked on each reply, on the tool calls, and on the thread's Virtual Database after the last turn. Exit 0 when all pass, 10 when an assertion failed, 2/4/5/6 when a test could not run. --emulator runs them against a built-in emulator into which the nearest epsimo.yaml is deployed first (no account, no credits).",
        after_help = "Examples:\n  epsimo test --emulator\n  epsimo test --jobs 8 --junit report.xml\n  epsimo test tests/ --filter refund --repeat 5\n  epsimo test new --from-thread THREAD_ID > tests/order.epsimo-test.yaml"
    )]
    Test(TestArgs),
    /// Serve the Model Context Protocol for coding agents and other MCP clients
    #[command(
        long_about = "Serve the Model Context Protocol over stdio (the default: stdout carries only protocol messages, logs go to stderr) or, with --http, Streamable HTTP on a loopback address. Tools list and run assistants, read and write threads' Virtual Databases and plan or apply deploys, with the CLI's credentials and project. Writes are off unless --allow-write; deletions also need --allow-delete. Each thread's database is a resource: epsimo://projects/{project}/threads/{thread}/db.",
        after_help = "Examples:\n  claude mcp add epsimo -- epsimo mcp\n  epsimo mcp --allow-write --project-id PROJECT_ID\n  epsimo mcp --tools list_assistants,run_assistant,db_get\n  epsimo mcp --http 127.0.0.1:8765 --expose-assistants"
    )]
    Mcp(McpArgs),
    /// Print the skill file that teaches a coding agent to use epsimo
    #[command(after_help = "Examples:\n  epsimo skill > .claude/skills/epsimo/SKILL.md")]
    Skill,
    /// Talk to a public assistant as an outsider, with nothing but its public token
    #[command(
        long_about = "Send one message to a public assistant through the platform's OpenAI-compatible endpoint, with nothing but its public token (no login, no project), and stream the reply to stdout. The token is read from EPSIMO_PUBLIC_TOKEN, or from stdin with --token-stdin; it selects the assistant. With --assistant ID the platform's own public run (/public/runs/stream) is used instead, streamed as `threads run` streams (tool calls on stderr, --json events); a public_no_auth assistant needs no token there.",
        after_help = "Examples:\n  EPSIMO_PUBLIC_TOKEN=pubkey_... epsimo ask --message \"Hello\"\n  epsimo ask --token-stdin --message \"Hello\" --json < token.txt\n  epsimo ask --assistant 0f28f91a-e438-459b-ac5b-e8a0156efd06 --message \"Hello\""
    )]
    Ask(AskArgs),
    /// Print a shell completion script
    #[command(
        long_about = "Print a shell completion script on stdout, and nothing else.\n\n\
        Static scripts complete commands and flags: add `eval \"$(epsimo completions bash)\"` \
        to ~/.bashrc (zsh: `eval \"$(epsimo completions zsh)\"` in ~/.zshrc; fish: \
        `epsimo completions fish | source` in config.fish).\n\n\
        Dynamic completion also offers live project, assistant and thread ids and database \
        keys: use `source <(COMPLETE=bash epsimo)` (zsh: `source <(COMPLETE=zsh epsimo)`; \
        fish: `COMPLETE=fish epsimo | source`) instead.",
        after_help = "Examples:\n  eval \"$(epsimo completions bash)\"\n  epsimo completions zsh > ~/.zfunc/_epsimo"
    )]
    Completions(CompletionsArgs),
    /// The manual pages: one page on stdout, or with --dir one file per command
    #[command(
        after_help = "Examples:\n  epsimo man | man -l -\n  epsimo man threads run | man -l -\n  epsimo man --dir ~/.local/share/man/man1"
    )]
    Man {
        /// Write every page (one per command) into this directory instead
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<std::path::PathBuf>,
        /// The command whose page to print (e.g. `threads run`) [default: epsimo]
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Run a local Epsimo-compatible server for offline work and tests
    #[command(subcommand)]
    Emulator(EmulatorCommand),
    /// Help on a command, or on a topic: `environment`, `exit-codes`, `troubleshooting`
    Help {
        /// A command path (`threads run`) or a topic (`environment`, `exit-codes`,
        /// `troubleshooting [SECTION]`)
        topic: Vec<String>,
    },
}

// ---- auth ---------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Log in and store a token in a profile, which becomes the active one
    #[command(
        long_about = "Log in and store a token in a profile, which becomes the active one.\n\n\
            The profile is the one --profile or EPSIMO_PROFILE names; else the active one, \
            unless the server is of the other kind: a login to a loopback URL (the emulator) \
            goes to profile `local`, and a login to a remote URL while `local` is active goes \
            to `default`, so the platform's profile is never pointed at the emulator. The \
            token goes to the OS keychain when it answers (--storage, EPSIMO_AUTH_STORAGE).",
        after_help = "Examples:\n  epsimo auth login\n  \
        epsimo auth login --profile local --api-url http://127.0.0.1:8787\n  \
        echo \"$PASSWORD\" | epsimo auth login --email you@example.com --password-stdin\n  \
        EPSIMO_EMAIL=you@example.com EPSIMO_PASSWORD=... epsimo auth login --storage file"
    )]
    Login(LoginArgs),
    /// Create an account, then log in
    Signup(LoginArgs),
    /// Log out: remove a profile, its tokens and its URL
    #[command(
        after_help = "Examples:\n  epsimo auth logout\n  epsimo auth logout --profile local\n  epsimo auth logout --all"
    )]
    Logout(LogoutArgs),
    /// List the profiles: URL, email, where the token is kept, expiry; * marks the active one
    #[command(
        after_help = "Examples:\n  epsimo auth list\n  epsimo auth list --json --jq '.[] | select(.active) | .name'"
    )]
    List,
    /// Make a profile the active one (what commands use without --profile)
    #[command(after_help = "Examples:\n  epsimo auth switch local\n  epsimo auth switch default")]
    Switch(SwitchArgs),
    /// Show where the token comes from and when it expires
    #[command(
        after_help = "Examples:\n  epsimo auth status\n  epsimo auth status --json --jq .expires_at"
    )]
    Status,
    /// Print the user token, and nothing else
    #[command(
        after_help = "Example:\n  curl -H \"Authorization: Bearer $(epsimo auth token)\" https://backend.epsimoagents.com/projects/"
    )]
    Token,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Account email [env: EPSIMO_EMAIL]
    #[arg(long)]
    pub email: Option<String>,
    /// Read the password from standard input
    #[arg(long)]
    pub password_stdin: bool,
    /// Read a token from stdin instead of logging in (an account that signs in with
    /// Google in the web app, or CI): it is checked with the server, then stored
    #[arg(long, conflicts_with_all = ["email", "password_stdin"])]
    pub with_token: bool,
    /// Where to keep the token: auto (the OS keychain when it answers, else the file), keyring, file [env: EPSIMO_AUTH_STORAGE]
    #[arg(long, value_enum, value_name = "STORE")]
    pub storage: Option<crate::config::keychain::Wanted>,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The message
    #[arg(short, long)]
    pub message: String,
    /// Read the public token from stdin [default: EPSIMO_PUBLIC_TOKEN]
    #[arg(long)]
    pub token_stdin: bool,
    /// Use the platform's own public run (`/public/runs/stream`) with this
    /// assistant id, instead of the OpenAI-compatible route; no token is needed
    /// for a `public_no_auth` assistant
    #[arg(long, value_name = "ID")]
    pub assistant: Option<String>,
    /// With --assistant: continue this thread of the assistant
    #[arg(long, value_name = "ID", requires = "assistant")]
    pub thread: Option<String>,
}

#[derive(Debug, Args, Default)]
pub struct LogoutArgs {
    /// Log out of every profile
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct SwitchArgs {
    /// The profile to make active (see `epsimo auth list`)
    pub name: String,
}

// ---- projects ------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ProjectsArgs {
    #[command(subcommand)]
    pub command: Option<ProjectsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ProjectsCommand {
    /// List projects (the default)
    #[command(visible_alias = "ls")]
    List,
    /// Create a project
    #[command(visible_alias = "new")]
    Create {
        /// Project name
        name: String,
        /// Project description
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Show a project (the linked one when none is named)
    Show {
        /// Project id or name
        #[arg(add = ArgValueCompleter::new(completion::projects))]
        id: Option<String>,
    },
    /// Rename a project or change its description
    Update {
        /// Project id or name
        #[arg(add = ArgValueCompleter::new(completion::projects))]
        id: String,
        /// The new name
        #[arg(long)]
        name: Option<String>,
        /// The new description
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a project and everything in it
    #[command(visible_alias = "rm")]
    Delete {
        /// Project id or name
        #[arg(add = ArgValueCompleter::new(completion::projects))]
        id: String,
        /// Do not ask for confirmation
        #[arg(short, long)]
        yes: bool,
    },
}

// ---- create / init / deploy ------------------------------------------------------

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// App name, e.g. "My AI App" (the directory is its slug: my-ai-app)
    pub name: String,
    /// Directory to write into instead of the slug
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Write into a non-empty directory
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Create a new project with this name and link it
    #[arg(long, conflicts_with = "project_id")]
    pub name: Option<String>,
    /// Create a new project (named after the manifest or the directory) and link it
    #[arg(long, conflicts_with_all = ["project_id", "name"])]
    pub create: bool,
    /// Link another project even though epsimo.yaml is linked already
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Manifest to deploy [default: epsimo.yaml here or in the nearest parent]
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Only validate the manifest; send nothing
    #[arg(long)]
    pub check: bool,
    /// Show the plan without applying it
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: exit 8 when changes are pending
    #[arg(long, requires = "dry_run")]
    pub exit_code: bool,
    /// Delete remote assistants that are not in the manifest
    #[arg(long)]
    pub prune: bool,
    /// Send the manifest exactly as written: no check against the server's schema,
    /// no family mapped from `model`, no tool literals filled in
    #[arg(long)]
    pub no_validate: bool,
    /// Write the deployed assistant id into this dotenv file [default: .env.local beside the manifest, when it exists]
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,
}

// ---- db / credits ----------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Show every key of a thread's database
    #[command(
        after_help = "Example:\n  epsimo db query --project-id P --thread-id T --json | jq .status"
    )]
    Query(DbTarget),
    /// Show one key
    #[command(
        after_help = "Example:\n  epsimo db get --project-id P --thread-id T --key user_preferences"
    )]
    Get {
        #[command(flatten)]
        target: DbTarget,
        /// The key to read
        #[arg(long, add = ArgValueCompleter::new(completion::db_keys))]
        key: String,
    },
    /// Set one key (the value is JSON; text that is not JSON is stored as a string)
    #[command(
        after_help = "Example:\n  epsimo db set --project-id P --thread-id T --key status --value '\"completed\"'"
    )]
    Set {
        #[command(flatten)]
        target: DbTarget,
        /// The key to write
        #[arg(long)]
        key: String,
        /// The value, as JSON (`-` reads it from stdin)
        #[arg(
            long,
            allow_hyphen_values = true,
            required_unless_present = "value_file",
            conflicts_with = "value_file"
        )]
        value: Option<String>,
        /// Read the value (JSON) from a file
        #[arg(long, value_name = "FILE")]
        value_file: Option<PathBuf>,
    },
    /// Clear one key: the server's state API merges keys and removes none, so the
    /// key is set to null
    #[command(
        visible_alias = "rm",
        after_help = "Example:\n  epsimo db delete --thread-id T --key draft --yes"
    )]
    Delete {
        #[command(flatten)]
        target: DbTarget,
        /// The key to clear
        #[arg(long, add = ArgValueCompleter::new(completion::db_keys))]
        key: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct DbTarget {
    #[command(flatten)]
    pub project: ProjectArg,
    /// The thread whose state is the database
    #[arg(
        value_name = "THREAD",
        required_unless_present = "thread_id_flag",
        add = ArgValueCompleter::new(completion::threads)
    )]
    thread: Option<String>,
    /// The same as THREAD (kept for scripts written before it was positional)
    #[arg(
        long = "thread-id",
        value_name = "THREAD",
        conflicts_with = "thread",
        add = ArgValueCompleter::new(completion::threads)
    )]
    thread_id_flag: Option<String>,
}

impl DbTarget {
    /// The thread, given as THREAD or `--thread-id`.
    pub fn thread_id(&self) -> &str {
        self.thread
            .as_deref()
            .or(self.thread_id_flag.as_deref())
            .unwrap_or_default()
    }
}

#[derive(Debug, Args)]
pub struct CreditsArgs {
    #[command(subcommand)]
    pub command: Option<CreditsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CreditsCommand {
    /// Threads used, allowance and remaining (the default)
    Balance,
    /// Open a checkout session to buy threads
    Buy {
        /// Number of threads to buy (1 to 100000, the platform's limit)
        #[arg(long, allow_negative_numbers = true)]
        quantity: i64,
        /// Do not ask for confirmation
        #[arg(short, long)]
        yes: bool,
        /// Open the checkout page in the browser (when there is a display)
        #[arg(long)]
        open: bool,
    },
}

// ---- assistants ------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AssistantsArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    #[command(subcommand)]
    pub command: Option<AssistantsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum AssistantsCommand {
    /// List assistants (the default)
    #[command(visible_alias = "ls")]
    List,
    /// Show an assistant (its public token masked unless --show-token)
    Show {
        /// Assistant id or name
        #[arg(add = ArgValueCompleter::new(completion::assistants))]
        id: String,
        /// Show the public token whole
        #[arg(long)]
        show_token: bool,
    },
    /// Make an assistant callable without a login: with a public token (generated,
    /// printed once on stdout) or, with --no-auth, by anyone
    #[command(
        after_help = "Examples:\n  epsimo assistants publish Support > token.txt\n  epsimo assistants publish Support --rotate   # a new token; the old one stops working\n  epsimo assistants publish Demo --no-auth\n  epsimo assistants endpoint Support          # curl, Python and JavaScript snippets"
    )]
    Publish {
        /// Assistant id or name
        #[arg(add = ArgValueCompleter::new(completion::assistants))]
        id: String,
        /// Anyone may call it, with no token (`public_no_auth`)
        #[arg(long, conflicts_with_all = ["rotate", "token_stdin"])]
        no_auth: bool,
        /// Replace its token with a new one (the old one stops working)
        #[arg(long)]
        rotate: bool,
        /// Read the token to set from stdin instead of generating one
        #[arg(long)]
        token_stdin: bool,
    },
    /// Make an assistant callable only by logged-in users again (`authenticated`)
    Unpublish {
        /// Assistant id or name
        #[arg(add = ArgValueCompleter::new(completion::assistants))]
        id: String,
    },
    /// Print the OpenAI-compatible endpoint of a public assistant, with snippets for
    /// curl and the OpenAI Python and JavaScript SDKs
    Endpoint {
        /// Assistant id or name
        #[arg(add = ArgValueCompleter::new(completion::assistants))]
        id: String,
    },
    /// Create an assistant (`--interactive`: guided, with the server's models and tools)
    #[command(
        visible_alias = "new",
        after_help = "Examples:\n  epsimo assistants create --name Support --model gpt-4o --instructions \"Be brief\"\n  epsimo assistants create --interactive"
    )]
    Create(AssistantCreateArgs),
    /// Update an assistant (fields not given keep their value)
    Update {
        /// Assistant id or name
        #[arg(add = ArgValueCompleter::new(completion::assistants))]
        id: String,
        #[command(flatten)]
        fields: AssistantFields,
    },
    /// Delete an assistant
    #[command(visible_alias = "rm")]
    Delete {
        /// Assistant id or name
        #[arg(add = ArgValueCompleter::new(completion::assistants))]
        id: String,
        /// Do not ask for confirmation
        #[arg(short, long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct AssistantCreateArgs {
    #[command(flatten)]
    pub fields: AssistantFields,
    /// Ask for what the flags leave out: name, bot type, model family (from the
    /// server's schema), tools (from its catalogue), instructions (in $EDITOR)
    #[arg(long)]
    pub interactive: bool,
}

#[derive(Debug, Args, Default)]
pub struct AssistantFields {
    /// Assistant name
    #[arg(long)]
    pub name: Option<String>,
    /// Model, e.g. gpt-4o (mapped to the server's family name; see `epsimo models`)
    #[arg(long)]
    pub model: Option<String>,
    /// The server's model family, e.g. "GPT 4o" (wins over the one --model maps to)
    #[arg(long, value_name = "FAMILY")]
    pub agent_type: Option<String>,
    /// Bot type: agent (tools), chatbot, or chat_retrieval (answers from uploaded files)
    #[arg(long = "type", value_name = "TYPE")]
    pub bot_type: Option<String>,
    /// Agents: stop before each tool call until `epsimo threads resume` (`false` turns it off)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub interrupt_before_action: Option<bool>,
    /// Agents: how the model is told to use the retrieval tool
    #[arg(long, value_name = "TEXT")]
    pub retrieval_description: Option<String>,
    /// System instructions
    #[arg(long, conflicts_with = "instructions_file")]
    pub instructions: Option<String>,
    /// Read the instructions from a file
    #[arg(long, value_name = "FILE")]
    pub instructions_file: Option<PathBuf>,
    /// A built-in tool type (repeatable), e.g. retrieval, search_tavily
    #[arg(long = "tool", value_name = "TYPE")]
    pub tools: Vec<String>,
    /// Make the assistant public (`--public false` makes it private again)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub public: Option<bool>,
    /// Send exactly what was written: no check against the server's schema, no
    /// family mapped from --model, no tool literals filled in
    #[arg(long)]
    pub no_validate: bool,
}

// ---- threads / chat ----------------------------------------------------------------

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ThreadsArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    #[command(subcommand)]
    pub command: Option<ThreadsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ThreadsCommand {
    /// List threads (the default)
    #[command(visible_alias = "ls")]
    List,
    /// Show a thread and its messages
    Show {
        /// Thread id
        #[arg(add = ArgValueCompleter::new(completion::threads))]
        id: String,
    },
    /// Create a thread
    #[command(visible_alias = "new")]
    Create {
        /// The assistant the thread talks to (name or id)
        #[arg(long, visible_alias = "assistant", value_name = "ASSISTANT", add = ArgValueCompleter::new(completion::assistants))]
        assistant_id: String,
        /// The thread's name [default: New thread]
        #[arg(long)]
        name: Option<String>,
    },
    /// Delete a thread
    #[command(visible_alias = "rm")]
    Delete {
        /// Thread id
        #[arg(add = ArgValueCompleter::new(completion::threads))]
        id: String,
        /// Do not ask for confirmation
        #[arg(short, long)]
        yes: bool,
    },
    /// Print a thread's raw state as JSON
    State {
        /// Thread id
        #[arg(add = ArgValueCompleter::new(completion::threads))]
        id: String,
    },
    /// Print a thread's state history, newest first
    History {
        /// Thread id
        #[arg(add = ArgValueCompleter::new(completion::threads))]
        id: String,
    },
    /// Send one message and stream the reply
    #[command(after_help = "Examples:\n  epsimo threads run T --message 'Hello'\n  \
        echo 'Hello' | epsimo threads run --assistant-id A\n  \
        epsimo threads run T --message 'Hi' --json | jq -c .")]
    Run(RunArgs),
    /// Write a thread's conversation to a file: Markdown, JSON or JSON Lines, with
    /// tool calls and results and the thread's database at the end
    #[command(after_help = "Examples:\n  epsimo threads export T > chat.md\n  \
        epsimo threads export T --format json -o chat.json\n  \
        epsimo threads export --all --dir backup/   # again after an interruption: only what is missing")]
    Export(ExportArgs),
    /// Continue a run that paused before a tool call (an agent with
    /// interrupt_before_action): runs the call and streams the rest
    Resume {
        /// Thread id
        #[arg(add = ArgValueCompleter::new(completion::threads))]
        id: String,
        /// Seconds the rest of the run may take in all [default: EPSIMO_RUN_TIMEOUT, else 1800]
        #[arg(long, value_name = "SECS", value_parser = run_seconds)]
        timeout: Option<f64>,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Thread id (not with --all)
    #[arg(add = ArgValueCompleter::new(completion::threads), required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// The format
    #[arg(long, value_enum, default_value_t = crate::platform::export::Format::Md)]
    pub format: crate::platform::export::Format,
    /// Write to this file instead of stdout
    #[arg(short, long, value_name = "FILE", conflicts_with = "all")]
    pub output: Option<std::path::PathBuf>,
    /// Every thread of the project, one file each (THREAD_ID.md, .json or .jsonl)
    /// in --dir; a file already there is kept, so running it again resumes
    #[arg(long, requires = "dir")]
    pub all: bool,
    /// The directory of --all (created if missing)
    #[arg(long, value_name = "DIR", requires = "all")]
    pub dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Thread to continue; without it a new thread is created
    #[arg(add = ArgValueCompleter::new(completion::threads))]
    pub thread_id: Option<String>,
    /// The message (read from stdin when absent)
    #[arg(short, long)]
    pub message: Option<String>,
    /// Assistant for a new thread
    #[arg(long, conflicts_with = "assistant", add = ArgValueCompleter::new(completion::assistants))]
    pub assistant_id: Option<String>,
    /// Assistant for a new thread, by its name (in the project or epsimo.yaml)
    #[arg(long, add = ArgValueCompleter::new(completion::manifest_assistants))]
    pub assistant: Option<String>,
    /// Seconds the run may take in all [default: EPSIMO_RUN_TIMEOUT, else 1800]
    #[arg(long, value_name = "SECS", value_parser = run_seconds)]
    pub timeout: Option<f64>,
}

#[derive(Debug, Args)]
pub struct UiArgs {
    #[command(flatten)]
    pub project: ProjectArg,
}

#[derive(Debug, Args)]
pub struct ChatArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Continue this thread
    #[arg(long, add = ArgValueCompleter::new(completion::threads))]
    pub thread_id: Option<String>,
    /// Assistant by its name in epsimo.yaml
    #[arg(long, conflicts_with = "assistant_id", add = ArgValueCompleter::new(completion::manifest_assistants))]
    pub assistant: Option<String>,
    /// Assistant by id
    #[arg(long, add = ArgValueCompleter::new(completion::assistants))]
    pub assistant_id: Option<String>,
    /// Render replies' Markdown (headings, lists, highlighted code) as they stream:
    /// auto does on a terminal with color (not with NO_COLOR)
    #[arg(long, value_enum, default_value_t = Render::Auto, value_name = "WHEN")]
    pub render: Render,
}

/// When `chat` renders Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Render {
    Auto,
    Always,
    Never,
}

// ---- files / tools / api / completions -------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// List an assistant's files
    #[command(visible_alias = "ls")]
    List {
        #[command(flatten)]
        project: ProjectArg,
        /// The assistant, by id or name
        #[arg(
            value_name = "ASSISTANT",
            required_unless_present = "assistant_id",
            add = ArgValueCompleter::new(completion::assistants)
        )]
        assistant: Option<String>,
        /// The same as ASSISTANT (kept for scripts written before it was positional)
        #[arg(long, conflicts_with = "assistant", add = ArgValueCompleter::new(completion::assistants))]
        assistant_id: Option<String>,
    },
    /// Upload files to an assistant
    Upload {
        #[command(flatten)]
        project: ProjectArg,
        /// The assistant the files are for
        #[arg(long, add = ArgValueCompleter::new(completion::assistants))]
        assistant_id: String,
        /// Files to upload
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Delete a file from an assistant
    #[command(visible_alias = "rm")]
    Delete {
        #[command(flatten)]
        project: ProjectArg,
        /// The assistant the file belongs to
        #[arg(long, add = ArgValueCompleter::new(completion::assistants))]
        assistant_id: String,
        /// The file's id, as `epsimo files list` shows it
        file_id: String,
        /// Do not ask for confirmation
        #[arg(short, long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    #[command(flatten)]
    pub project: ProjectArg,
    /// Ask the server again instead of using the cached schema
    #[arg(long)]
    pub refresh: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ToolsArgs {
    #[command(subcommand)]
    pub command: Option<ToolsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ToolsCommand {
    /// The platform's tool catalogue (the default)
    List,
    /// Health of one tool type
    Health {
        /// The tool's type, as `epsimo tools` lists it
        tool_type: String,
    },
    /// The tool types a run accepts, from the server's own schema: each type, the
    /// name the model sees (as recorded upstream), its settings, its name and description
    #[command(
        after_help = "Examples:\n  epsimo tools types\n  epsimo tools types --json --jq '.[] | select(.settings != []) | .type'"
    )]
    Types(ModelsArgs),
    /// The built-in tool library usable from epsimo.yaml (`- use: NAME`)
    Library,
}

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// API path, e.g. /projects/
    pub path: String,
    /// HTTP method
    #[arg(short = 'X', long, default_value = "GET")]
    pub method: String,
    /// JSON body from a file (- for stdin)
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// A body field key=value (value parsed as JSON when it is JSON); repeatable
    #[arg(short = 'f', long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// A multipart form field, like curl -F: key=value, or key=@FILE for a file
    /// (key=@FILE;type=MIME sets its type); repeatable
    #[arg(short = 'F', long = "form", value_name = "KEY=VALUE", conflicts_with_all = ["fields", "input"])]
    pub form: Vec<String>,
    /// An extra request header 'Name: value'; repeatable
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,
    /// Print the response status and headers on stderr
    #[arg(short = 'i', long)]
    pub include: bool,
    /// The project whose token project-scoped paths use (/assistants, /threads, /runs)
    #[command(flatten)]
    pub project: ProjectArg,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(subcommand)]
    pub command: Option<TestCommand>,
    /// Test files, or directories of *.epsimo-test.yaml [default: epsimo.test.yaml and tests/*.epsimo-test.yaml]
    pub paths: Vec<PathBuf>,
    /// Run only the tests whose name contains PATTERN
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,
    /// How many tests run at once
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: u32,
    /// Run each test N times, each on a fresh thread (its pass_rate decides)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub repeat: Option<u32>,
    /// Write a JUnit XML report to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Keep each test's thread (to inspect it) instead of deleting it
    #[arg(long)]
    pub keep_threads: bool,
    /// Run against a built-in emulator, the nearest epsimo.yaml deployed into it first
    #[arg(long)]
    pub emulator: bool,
    /// Seconds each turn may take in all [default: EPSIMO_RUN_TIMEOUT]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    #[command(flatten)]
    pub project: ProjectArg,
}

#[derive(Debug, Subcommand)]
pub enum TestCommand {
    /// Write a test from a conversation: its messages as turns, its replies and tool calls as loose assertions
    #[command(
        after_help = "Examples:\n  epsimo test new --from-thread THREAD_ID\n  epsimo test new --from-thread THREAD_ID --name \"order status\" -o tests/order.epsimo-test.yaml"
    )]
    New {
        /// The thread to make the test from
        #[arg(long, value_name = "THREAD")]
        from_thread: String,
        /// The assistant the test names [default: the thread's, by name]
        #[arg(long)]
        assistant: Option<String>,
        /// The test's name [default: the thread's name]
        #[arg(long)]
        name: Option<String>,
        /// Write the test file here instead of to stdout
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        project: ProjectArg,
    },
}

#[derive(Debug, Args)]
pub struct McpArgs {
    /// Serve Streamable HTTP on HOST:PORT (at /mcp) instead of stdio
    #[arg(long, value_name = "HOST:PORT")]
    pub http: Option<String>,
    /// Allow --http on an address that is not loopback (needs a bearer token in EPSIMO_MCP_TOKEN)
    #[arg(long, requires = "http")]
    pub allow_remote: bool,
    /// With --http: a browser origin allowed to call the server (repeatable), e.g.
    /// http://localhost:6274; none by default (clients that are not browsers send none)
    #[arg(long, requires = "http", value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
    /// Offer the tools that write: db_set, create_thread, create_assistant, update_assistant, deploy_apply
    #[arg(long)]
    pub allow_write: bool,
    /// Also offer the tools that delete: delete_thread, delete_assistant, deploy_apply with prune (with --allow-write)
    #[arg(long)]
    pub allow_delete: bool,
    /// Offer only these tools (comma-separated names)
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub tools: Vec<String>,
    /// Add one tool per assistant of the project: ask_<name>
    #[arg(long)]
    pub expose_assistants: bool,
    /// The only directory the tools that take a path (a manifest) may read under;
    /// default: the working directory
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArg,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate for
    pub shell: clap_complete::Shell,
}

// ---- emulator -------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum EmulatorCommand {
    /// Serve the Epsimo API on loopback until Ctrl-C
    #[command(after_help = "Examples:\n  epsimo emulator start --port 8787\n  \
        epsimo emulator start --port 0 --data .epsimo-emulator.json")]
    Start(EmulatorStartArgs),
    /// Start the emulator, run a command against it, stop it, and exit with the command's code
    #[command(after_help = "Examples:\n  epsimo emulator exec -- npm test\n  \
        epsimo emulator exec -- sh -c 'epsimo auth login && epsimo projects'")]
    Exec(EmulatorExecArgs),
    /// Write a running emulator's data into DIR, one JSON file per user, project,
    /// assistant, file and thread (`emulator start --import DIR` reads it)
    #[command(
        after_help = "Examples:\n  epsimo emulator export snapshot/ --api-url http://127.0.0.1:8787 --admin-token TOKEN\n  \
        epsimo emulator start --import snapshot/ --export-on-exit"
    )]
    Export(EmulatorExportArgs),
}

#[derive(Debug, Args)]
pub struct EmulatorExportArgs {
    /// The directory to write (created if missing; records no longer there lose their files)
    pub dir: std::path::PathBuf,
    /// The admin token the emulator printed at start [env: EPSIMO_EMULATOR_ADMIN_TOKEN]
    #[arg(long, value_name = "TOKEN")]
    pub admin_token: Option<String>,
}

/// The emulator's options are the emulator's own (it owns its configuration); the
/// command line only carries them.
pub use crate::emulator::options::{EmulatorOptions, Mode, PathStyle, ThreadsShape};

#[derive(Debug, Args)]
pub struct EmulatorStartArgs {
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    #[command(flatten)]
    pub options: EmulatorOptions,
}

#[derive(Debug, Args)]
pub struct EmulatorExecArgs {
    #[command(flatten)]
    pub options: EmulatorOptions,
    /// The command to run, after `--`
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<String>,
}

/// `--timeout`: a finite number of seconds from 0 to a day.
fn run_seconds(raw: &str) -> Result<f64, String> {
    crate::env::parse_seconds(raw).map(|d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn tree_is_consistent() {
        Cli::command().debug_assert();
    }
}
