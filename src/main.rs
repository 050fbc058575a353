//! The `rehearse` binary: parses the command line and hands over to the library.
//! With no subcommand it opens the desktop app.

fn main() -> std::process::ExitCode {
    rehearse::cli::main()
}
