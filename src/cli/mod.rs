//! The command-line interface: every command reads its arguments here and
//! works through the same model (and, later, store and actions) as the app.

mod date;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code for input the user must correct (clap uses the same code).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Annals, a timeline research notebook.
#[derive(Debug, Parser)]
#[command(name = "annals", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of the CLI.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how Annals reads a date: EDTF, display text, precision and bounds.
    Date(date::DateArgs),
}

/// Runs a parsed command line, printing errors to stderr.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Date(args) => date::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
