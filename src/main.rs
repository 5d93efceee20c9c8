//! The `annals` binary: parse the arguments, then run a CLI command or open
//! the window.

use std::process::ExitCode;

use clap::Parser;

use annals::ui::Startup;

fn main() -> ExitCode {
    let cli = annals::cli::Cli::parse();
    // Remember which files passed SQLite's full check, so that opening an
    // unchanged notebook again does not read every page of it.
    annals::store::verified::set_location(annals::store::verified::default_location());
    if let Some(command) = cli.command {
        return annals::cli::run(command);
    }
    let startup = match cli.path {
        Some(path) => Startup::Path(path),
        None => annals::ui::default_notebook_path().map_or(Startup::Empty, Startup::Default),
    };
    match annals::ui::run(startup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot open the window: {error}");
            ExitCode::FAILURE
        }
    }
}
