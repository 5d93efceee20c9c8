//! The `annals` binary: parse the arguments, then run a CLI command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = annals::cli::Cli::parse();
    match cli.command {
        Some(command) => annals::cli::run(command),
        None => {
            eprintln!("error: the window arrives with the desktop app; run a command (see --help)");
            ExitCode::from(annals::cli::EXIT_BAD_INPUT)
        }
    }
}
