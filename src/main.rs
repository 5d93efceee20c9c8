//! The `annals` binary: parse the arguments, then run a CLI command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = annals::cli::Cli::parse();
    annals::cli::run(cli)
}
