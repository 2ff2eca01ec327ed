# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_epsimo_global_optspecs
    string join \n json jq= api-url= profile= q/quiet v/verbose color= no-input allow-insecure-http no-pager h/help V/version
end

function __fish_epsimo_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_epsimo_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_epsimo_using_subcommand
    set -l cmd (__fish_epsimo_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c epsimo -n "__fish_epsimo_needs_command" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_needs_command" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_needs_command" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_needs_command" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_needs_command" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_needs_command" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_needs_command" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_needs_command" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_needs_command" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "auth" -d 'Log in, sign up, log out, and inspect credentials'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "whoami" -d 'Show the logged-in account and its thread usage'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "projects" -d 'List, create, show and delete projects'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "create" -d 'Scaffold a Next.js app with a chat UI wired to Epsimo'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "init" -d 'Link the current directory to a project (writes epsimo.yaml)'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "deploy" -d 'Sync epsimo.yaml to the platform'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "db" -d 'Read and write a thread\'s Virtual Database'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "login" -d 'Log in (the same as `epsimo auth login`)'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "logout" -d 'Log out (the same as `epsimo auth logout`)'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "credits" -d 'Thread credits: balance (the default) and purchase'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "assistants" -d 'Manage the assistants of a project'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "threads" -d 'Manage threads and run conversations'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "chat" -d 'Chat with an assistant interactively'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "ui" -d 'A full-screen dashboard: projects, assistants, threads, transcripts, databases'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "files" -d 'Manage files attached to assistants'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "tools" -d 'Tool catalogue, tool health and the built-in tool library'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "models" -d 'The model families the server accepts, per bot type (from its own schema)'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "api" -d 'Make a raw authenticated API request'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "test" -d 'Run conversation tests of assistants (epsimo.test.yaml)'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "mcp" -d 'Serve the Model Context Protocol for coding agents and other MCP clients'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "skill" -d 'Print the skill file that teaches a coding agent to use epsimo'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "ask" -d 'Talk to a public assistant as an outsider, with nothing but its public token'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "man" -d 'The manual pages: one page on stdout, or with --dir one file per command'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "emulator" -d 'Run a local Epsimo-compatible server for offline work and tests'
complete -c epsimo -n "__fish_epsimo_needs_command" -f -a "help" -d 'Help on a command, or on a topic: `environment`, `exit-codes`, `troubleshooting`'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -f -a "login" -d 'Log in and store a token in a profile, which becomes the active one'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -f -a "signup" -d 'Create an account, then log in'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -f -a "logout" -d 'Log out: remove a profile, its tokens and its URL'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -f -a "list" -d 'List the profiles: URL, email, where the token is kept, expiry; * marks the active one'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -f -a "switch" -d 'Make a profile the active one (what commands use without --profile)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -f -a "status" -d 'Show where the token comes from and when it expires'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and not __fish_seen_subcommand_from login signup logout list switch status token" -f -a "token" -d 'Print the user token, and nothing else'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l email -d 'Account email [env: EPSIMO_EMAIL]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l storage -d 'Where to keep the token: auto (the OS keychain when it answers, else the file), keyring, file [env: EPSIMO_AUTH_STORAGE]' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l password-stdin -d 'Read the password from standard input'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l with-token -d 'Read a token from stdin instead of logging in (an account that signs in with Google in the web app, or CI): it is checked with the server, then stored'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l email -d 'Account email [env: EPSIMO_EMAIL]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l storage -d 'Where to keep the token: auto (the OS keychain when it answers, else the file), keyring, file [env: EPSIMO_AUTH_STORAGE]' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l password-stdin -d 'Read the password from standard input'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l with-token -d 'Read a token from stdin instead of logging in (an account that signs in with Google in the web app, or CI): it is checked with the server, then stored'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from signup" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l all -d 'Log out of every profile'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from switch" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand auth; and __fish_seen_subcommand_from token" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "list" -d 'List projects (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "ls" -d 'List projects (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "create" -d 'Create a project'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "new" -d 'Create a project'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "show" -d 'Show a project (the linked one when none is named)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "update" -d 'Rename a project or change its description'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "delete" -d 'Delete a project and everything in it'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and not __fish_seen_subcommand_from list ls create new show update delete rm" -f -a "rm" -d 'Delete a project and everything in it'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l description -d 'Project description' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l description -d 'Project description' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l name -d 'The new name' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l description -d 'The new description' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand projects; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l dir -d 'Directory to write into instead of the slug' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l force -d 'Write into a non-empty directory'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand create" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l name -d 'Create a new project with this name and link it' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l create -d 'Create a new project (named after the manifest or the directory) and link it'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l force -d 'Link another project even though epsimo.yaml is linked already'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand init" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -s f -l file -d 'Manifest to deploy [default: epsimo.yaml here or in the nearest parent]' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l env-file -d 'Write the deployed assistant id into this dotenv file [default: .env.local beside the manifest, when it exists]' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l check -d 'Only validate the manifest; send nothing'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l dry-run -d 'Show the plan without applying it'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l exit-code -d 'With --dry-run: exit 8 when changes are pending'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l prune -d 'Delete remote assistants that are not in the manifest'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l no-validate -d 'Send the manifest exactly as written: no check against the server\'s schema, no family mapped from `model`, no tool literals filled in'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand deploy" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -f -a "query" -d 'Show every key of a thread\'s database'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -f -a "get" -d 'Show one key'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -f -a "set" -d 'Set one key (the value is JSON; text that is not JSON is stored as a string)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -f -a "delete" -d 'Clear one key: the server\'s state API merges keys and removes none, so the key is set to null'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and not __fish_seen_subcommand_from query get set delete rm" -f -a "rm" -d 'Clear one key: the server\'s state API merges keys and removes none, so the key is set to null'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l thread-id -d 'The same as THREAD (kept for scripts written before it was positional)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from query" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l thread-id -d 'The same as THREAD (kept for scripts written before it was positional)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l key -d 'The key to read' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l thread-id -d 'The same as THREAD (kept for scripts written before it was positional)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l key -d 'The key to write' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l value -d 'The value, as JSON (`-` reads it from stdin)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l value-file -d 'Read the value (JSON) from a file' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l thread-id -d 'The same as THREAD (kept for scripts written before it was positional)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l key -d 'The key to clear' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l thread-id -d 'The same as THREAD (kept for scripts written before it was positional)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l key -d 'The key to clear' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand db; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l email -d 'Account email [env: EPSIMO_EMAIL]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l storage -d 'Where to keep the token: auto (the OS keychain when it answers, else the file), keyring, file [env: EPSIMO_AUTH_STORAGE]' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l password-stdin -d 'Read the password from standard input'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l with-token -d 'Read a token from stdin instead of logging in (an account that signs in with Google in the web app, or CI): it is checked with the server, then stored'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand login" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l all -d 'Log out of every profile'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand logout" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -f -a "balance" -d 'Threads used, allowance and remaining (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and not __fish_seen_subcommand_from balance buy" -f -a "buy" -d 'Open a checkout session to buy threads'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from balance" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l quantity -d 'Number of threads to buy (1 to 100000, the platform\'s limit)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l open -d 'Open the checkout page in the browser (when there is a display)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand credits; and __fish_seen_subcommand_from buy" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "list" -d 'List assistants (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "ls" -d 'List assistants (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "show" -d 'Show an assistant (its public token masked unless --show-token)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "publish" -d 'Make an assistant callable without a login: with a public token (generated, printed once on stdout) or, with --no-auth, by anyone'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "unpublish" -d 'Make an assistant callable only by logged-in users again (`authenticated`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "endpoint" -d 'Print the OpenAI-compatible endpoint of a public assistant, with snippets for curl and the OpenAI Python and JavaScript SDKs'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "create" -d 'Create an assistant (`--interactive`: guided, with the server\'s models and tools)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "new" -d 'Create an assistant (`--interactive`: guided, with the server\'s models and tools)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "update" -d 'Update an assistant (fields not given keep their value)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "delete" -d 'Delete an assistant'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and not __fish_seen_subcommand_from list ls show publish unpublish endpoint create new update delete rm" -f -a "rm" -d 'Delete an assistant'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l show-token -d 'Show the public token whole'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l no-auth -d 'Anyone may call it, with no token (`public_no_auth`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l rotate -d 'Replace its token with a new one (the old one stops working)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l token-stdin -d 'Read the token to set from stdin instead of generating one'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from publish" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from unpublish" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from endpoint" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l name -d 'Assistant name' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l model -d 'Model, e.g. gpt-4o (mapped to the server\'s family name; see `epsimo models`)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l agent-type -d 'The server\'s model family, e.g. "GPT 4o" (wins over the one --model maps to)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l type -d 'Bot type: agent (tools), chatbot, or chat_retrieval (answers from uploaded files)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l interrupt-before-action -d 'Agents: stop before each tool call until `epsimo threads resume` (`false` turns it off)' -r -f -a "true\t''
false\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l retrieval-description -d 'Agents: how the model is told to use the retrieval tool' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l instructions -d 'System instructions' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l instructions-file -d 'Read the instructions from a file' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l tool -d 'A built-in tool type (repeatable), e.g. retrieval, search_tavily' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l public -d 'Make the assistant public (`--public false` makes it private again)' -r -f -a "true\t''
false\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l no-validate -d 'Send exactly what was written: no check against the server\'s schema, no family mapped from --model, no tool literals filled in'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l interactive -d 'Ask for what the flags leave out: name, bot type, model family (from the server\'s schema), tools (from its catalogue), instructions (in $EDITOR)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l name -d 'Assistant name' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l model -d 'Model, e.g. gpt-4o (mapped to the server\'s family name; see `epsimo models`)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l agent-type -d 'The server\'s model family, e.g. "GPT 4o" (wins over the one --model maps to)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l type -d 'Bot type: agent (tools), chatbot, or chat_retrieval (answers from uploaded files)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l interrupt-before-action -d 'Agents: stop before each tool call until `epsimo threads resume` (`false` turns it off)' -r -f -a "true\t''
false\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l retrieval-description -d 'Agents: how the model is told to use the retrieval tool' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l instructions -d 'System instructions' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l instructions-file -d 'Read the instructions from a file' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l tool -d 'A built-in tool type (repeatable), e.g. retrieval, search_tavily' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l public -d 'Make the assistant public (`--public false` makes it private again)' -r -f -a "true\t''
false\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l no-validate -d 'Send exactly what was written: no check against the server\'s schema, no family mapped from --model, no tool literals filled in'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l interactive -d 'Ask for what the flags leave out: name, bot type, model family (from the server\'s schema), tools (from its catalogue), instructions (in $EDITOR)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l name -d 'Assistant name' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l model -d 'Model, e.g. gpt-4o (mapped to the server\'s family name; see `epsimo models`)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l agent-type -d 'The server\'s model family, e.g. "GPT 4o" (wins over the one --model maps to)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l type -d 'Bot type: agent (tools), chatbot, or chat_retrieval (answers from uploaded files)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l interrupt-before-action -d 'Agents: stop before each tool call until `epsimo threads resume` (`false` turns it off)' -r -f -a "true\t''
false\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l retrieval-description -d 'Agents: how the model is told to use the retrieval tool' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l instructions -d 'System instructions' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l instructions-file -d 'Read the instructions from a file' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l tool -d 'A built-in tool type (repeatable), e.g. retrieval, search_tavily' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l public -d 'Make the assistant public (`--public false` makes it private again)' -r -f -a "true\t''
false\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l no-validate -d 'Send exactly what was written: no check against the server\'s schema, no family mapped from --model, no tool literals filled in'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand assistants; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "list" -d 'List threads (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "ls" -d 'List threads (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "show" -d 'Show a thread and its messages'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "create" -d 'Create a thread'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "new" -d 'Create a thread'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "delete" -d 'Delete a thread'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "rm" -d 'Delete a thread'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "state" -d 'Print a thread\'s raw state as JSON'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "history" -d 'Print a thread\'s state history, newest first'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "run" -d 'Send one message and stream the reply'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "export" -d 'Write a thread\'s conversation to a file: Markdown, JSON or JSON Lines, with tool calls and results and the thread\'s database at the end'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and not __fish_seen_subcommand_from list ls show create new delete rm state history run export resume" -f -a "resume" -d 'Continue a run that paused before a tool call (an agent with interrupt_before_action): runs the call and streams the rest'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l assistant-id -l assistant -d 'The assistant the thread talks to (name or id)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l name -d 'The thread\'s name [default: New thread]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l assistant-id -l assistant -d 'The assistant the thread talks to (name or id)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l name -d 'The thread\'s name [default: New thread]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from state" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -s m -l message -d 'The message (read from stdin when absent)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l assistant-id -d 'Assistant for a new thread' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l assistant -d 'Assistant for a new thread, by its name (in the project or epsimo.yaml)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l timeout -d 'Seconds the run may take in all [default: EPSIMO_RUN_TIMEOUT, else 1800]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l format -d 'The format' -r -f -a "md\t'Markdown: each message under who said it, tool calls and results as code'
json\t'One JSON object: the thread, its messages, its database'
jsonl\t'One line per message, then one with the database'"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l dir -d 'The directory of --all (created if missing)' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l all -d 'Every thread of the project, one file each (THREAD_ID.md, .json or .jsonl) in --dir; a file already there is kept, so running it again resumes'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l timeout -d 'Seconds the rest of the run may take in all [default: EPSIMO_RUN_TIMEOUT, else 1800]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand threads; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l thread-id -d 'Continue this thread' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l assistant -d 'Assistant by its name in epsimo.yaml' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l assistant-id -d 'Assistant by id' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l render -d 'Render replies\' Markdown (headings, lists, highlighted code) as they stream: auto does on a terminal with color (not with NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand chat" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand ui" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -f -a "list" -d 'List an assistant\'s files'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -f -a "ls" -d 'List an assistant\'s files'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -f -a "upload" -d 'Upload files to an assistant'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -f -a "delete" -d 'Delete a file from an assistant'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and not __fish_seen_subcommand_from list ls upload delete rm" -f -a "rm" -d 'Delete a file from an assistant'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l assistant-id -d 'The same as ASSISTANT (kept for scripts written before it was positional)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l assistant-id -d 'The same as ASSISTANT (kept for scripts written before it was positional)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l assistant-id -d 'The assistant the files are for' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from upload" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l assistant-id -d 'The assistant the file belongs to' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l assistant-id -d 'The assistant the file belongs to' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand files; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -f -a "list" -d 'The platform\'s tool catalogue (the default)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -f -a "health" -d 'Health of one tool type'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -f -a "types" -d 'The tool types a run accepts, from the server\'s own schema: each type, the name the model sees (as recorded upstream), its settings, its name and description'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and not __fish_seen_subcommand_from list health types library" -f -a "library" -d 'The built-in tool library usable from epsimo.yaml (`- use: NAME`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from health" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l refresh -d 'Ask the server again instead of using the cached schema'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from types" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand tools; and __fish_seen_subcommand_from library" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l refresh -d 'Ask the server again instead of using the cached schema'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand models" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s X -l method -d 'HTTP method' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l input -d 'JSON body from a file (- for stdin)' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s f -l field -d 'A body field key=value (value parsed as JSON when it is JSON); repeatable' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s F -l form -d 'A multipart form field, like curl -F: key=value, or key=@FILE for a file (key=@FILE;type=MIME sets its type); repeatable' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s H -l header -d 'An extra request header \'Name: value\'; repeatable' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s i -l include -d 'Print the response status and headers on stderr'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand api" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l filter -d 'Run only the tests whose name contains PATTERN' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l jobs -d 'How many tests run at once' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l repeat -d 'Run each test N times, each on a fresh thread (its pass_rate decides)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l junit -d 'Write a JUnit XML report to FILE' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l timeout -d 'Seconds each turn may take in all [default: EPSIMO_RUN_TIMEOUT]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l keep-threads -d 'Keep each test\'s thread (to inspect it) instead of deleting it'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l emulator -d 'Run against a built-in emulator, the nearest epsimo.yaml deployed into it first'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and not __fish_seen_subcommand_from new" -a "new" -d 'Write a test from a conversation: its messages as turns, its replies and tool calls as loose assertions'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l from-thread -d 'The thread to make the test from' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l assistant -d 'The assistant the test names [default: the thread\'s, by name]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l name -d 'The test\'s name [default: the thread\'s name]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -s o -l output -d 'Write the test file here instead of to stdout' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l force -d 'Replace FILE if it exists'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand test; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l http -d 'Serve Streamable HTTP on HOST:PORT (at /mcp) instead of stdio' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l allow-origin -d 'With --http: a browser origin allowed to call the server (repeatable), e.g. http://localhost:6274; none by default (clients that are not browsers send none)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l tools -d 'Offer only these tools (comma-separated names)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l root -d 'The only directory the tools that take a path (a manifest) may read under; default: the working directory' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l project-id -d 'Project to act on [env: EPSIMO_PROJECT_ID] [default: project_id of the nearest epsimo.yaml]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l allow-remote -d 'Allow --http on an address that is not loopback (needs a bearer token in EPSIMO_MCP_TOKEN)'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l allow-write -d 'Offer the tools that write: db_set, create_thread, create_assistant, update_assistant, deploy_apply'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l allow-delete -d 'Also offer the tools that delete: delete_thread, delete_assistant, deploy_apply with prune (with --allow-write)'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l expose-assistants -d 'Add one tool per assistant of the project: ask_<name>'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand skill" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -s m -l message -d 'The message' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l assistant -d 'Use the platform\'s own public run (`/public/runs/stream`) with this assistant id, instead of the OpenAI-compatible route; no token is needed for a `public_no_auth` assistant' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l thread -d 'With --assistant: continue this thread of the assistant' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l token-stdin -d 'Read the public token from stdin [default: EPSIMO_PUBLIC_TOKEN]'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand ask" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand completions" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l dir -d 'Write every page (one per command) into this directory instead' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand man" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -f -a "start" -d 'Serve the Epsimo API on loopback until Ctrl-C'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -f -a "exec" -d 'Start the emulator, run a command against it, stop it, and exit with the command\'s code'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and not __fish_seen_subcommand_from start exec export" -f -a "export" -d 'Write a running emulator\'s data into DIR, one JSON file per user, project, assistant, file and thread (`emulator start --import DIR` reads it)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l port -d 'Port to listen on (0 picks a free one)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l host -d 'Address to listen on' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l data -d 'Load state from FILE at start and save it there after every change' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l token-ttl -d 'Lifetime of issued tokens, in seconds (at most a year; the platform\'s are 30 days)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l threads-shape -d 'Shape of `GET /threads/`: a plain list, or {"threads": [...], "total": N}' -r -f -a "list\t''
object\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l path-style -d 'Creation paths: Epsimo\'s (`POST /assistants/`) or upstream OpenGPTs\' (`POST /assistants`)' -r -f -a "epsimo\t''
opengpts\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l ping-interval -d 'Seconds of silence before a `: ping` keep-alive in a stream' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l token-delay-ms -d 'Delay between streamed tokens, in milliseconds' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l thread-max -d 'Threads each account may create (the credit allowance `/auth/thread-info` reports)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l stream-framing -d 'How runs are streamed: the platform\'s framing, or another server\'s (for testing clients): new-only, full-state, legacy' -r -f -a "production\t''
new-only\t''
full-state\t''
legacy\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l cors-origin -d 'A browser origin allowed to call the emulator besides loopback ones (repeatable), e.g. https://app.example.test' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l rate-limit -d 'Allow each token N requests per second or per minute (N/s, N/min); past it, 429 with Retry-After. Every answer carries the X-RateLimit-* headers' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l mode -d 'What the emulator accepts: `platform` takes what the platform\'s documents and clients send (GPT-4O, agent_type: agent, tools with their own descriptions, documented settings); `upstream` is strict exactly as upstream OpenGPTs was recorded (no keys, no network: the tools that need them fail as there)' -r -f -a "platform\t'What the platform\'s documents and clients send (the default)'
upstream\t'Strict exactly as upstream OpenGPTs was recorded'"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l max-body -d 'Largest request body accepted, in bytes (larger ones get 413)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l import -d 'Start from the data in DIR (written by --export-on-exit or `epsimo emulator export`: one JSON file per user, project, assistant, file and thread)' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l seed -d 'Add projects, assistants (tools by library name) and threads with their databases to the dev account from a small YAML file; by name, so nothing is added twice' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l model-url -d 'Answer runs with a real model: the base URL of an OpenAI-compatible API (e.g. http://localhost:11434/v1 for Ollama) or its /chat/completions URL. Without it the echo model answers' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l model -d 'The model to ask for (default: each assistant\'s own model name)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l model-key-env -d 'The environment variable that holds the model API\'s key (sent as a bearer token)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l model-steps -d 'Model calls one run may make; a run that needs more ends with an error' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l faults -d 'Enable the /_emulator/ admin endpoints: fault injection and the request log'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l require-verification -d 'Sign-up sends a verification e-mail, as the platform does, and an account logs in only once its link is opened. The emulator sends no mail: it prints the link (and `GET /_emulator/mail` lists them)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l export-on-exit -d 'Write the data back to the --import directory on a clean stop (Ctrl-C)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l data -d 'Load state from FILE at start and save it there after every change' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l token-ttl -d 'Lifetime of issued tokens, in seconds (at most a year; the platform\'s are 30 days)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l threads-shape -d 'Shape of `GET /threads/`: a plain list, or {"threads": [...], "total": N}' -r -f -a "list\t''
object\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l path-style -d 'Creation paths: Epsimo\'s (`POST /assistants/`) or upstream OpenGPTs\' (`POST /assistants`)' -r -f -a "epsimo\t''
opengpts\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l ping-interval -d 'Seconds of silence before a `: ping` keep-alive in a stream' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l token-delay-ms -d 'Delay between streamed tokens, in milliseconds' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l thread-max -d 'Threads each account may create (the credit allowance `/auth/thread-info` reports)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l stream-framing -d 'How runs are streamed: the platform\'s framing, or another server\'s (for testing clients): new-only, full-state, legacy' -r -f -a "production\t''
new-only\t''
full-state\t''
legacy\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l cors-origin -d 'A browser origin allowed to call the emulator besides loopback ones (repeatable), e.g. https://app.example.test' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l rate-limit -d 'Allow each token N requests per second or per minute (N/s, N/min); past it, 429 with Retry-After. Every answer carries the X-RateLimit-* headers' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l mode -d 'What the emulator accepts: `platform` takes what the platform\'s documents and clients send (GPT-4O, agent_type: agent, tools with their own descriptions, documented settings); `upstream` is strict exactly as upstream OpenGPTs was recorded (no keys, no network: the tools that need them fail as there)' -r -f -a "platform\t'What the platform\'s documents and clients send (the default)'
upstream\t'Strict exactly as upstream OpenGPTs was recorded'"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l max-body -d 'Largest request body accepted, in bytes (larger ones get 413)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l import -d 'Start from the data in DIR (written by --export-on-exit or `epsimo emulator export`: one JSON file per user, project, assistant, file and thread)' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l seed -d 'Add projects, assistants (tools by library name) and threads with their databases to the dev account from a small YAML file; by name, so nothing is added twice' -r -F
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l model-url -d 'Answer runs with a real model: the base URL of an OpenAI-compatible API (e.g. http://localhost:11434/v1 for Ollama) or its /chat/completions URL. Without it the echo model answers' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l model -d 'The model to ask for (default: each assistant\'s own model name)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l model-key-env -d 'The environment variable that holds the model API\'s key (sent as a bearer token)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l model-steps -d 'Model calls one run may make; a run that needs more ends with an error' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l faults -d 'Enable the /_emulator/ admin endpoints: fault injection and the request log'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l require-verification -d 'Sign-up sends a verification e-mail, as the platform does, and an account logs in only once its link is opened. The emulator sends no mail: it prints the link (and `GET /_emulator/mail` lists them)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l export-on-exit -d 'Write the data back to the --import directory on a clean stop (Ctrl-C)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l admin-token -d 'The admin token the emulator printed at start [env: EPSIMO_EMULATOR_ADMIN_TOKEN]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand emulator; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l jq -d 'Filter the JSON output with a jq expression (implies --json)' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l api-url -d 'API base URL [env: EPSIMO_API_URL] [default: https://backend.epsimoagents.com]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l profile -d 'Credentials profile to use [env: EPSIMO_PROFILE] [default: the active one (`epsimo auth switch`)]' -r
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l json -d 'Print machine-readable JSON on stdout'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -s q -l quiet -d 'Print only data and errors'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -s v -l verbose -d 'Trace HTTP requests on stderr (tokens and passwords redacted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l no-input -d 'Never prompt; fail with a hint instead (also when CI=true or without a terminal)'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l allow-insecure-http -d 'Allow plain http:// to a host that is not loopback (tokens travel unencrypted)'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -l no-pager -d 'Never page long output (default pager: $EPSIMO_PAGER, $PAGER, else `less -FRX`)'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -s h -l help -d 'Print help'
complete -c epsimo -n "__fish_epsimo_using_subcommand help" -s V -l version -d 'Print version'
