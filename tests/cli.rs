//! The command-line interface, run as a user runs it: the built binary on
//! temporary notebooks.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use predicates::prelude::*;

fn annals() -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    // Never touch the real user's data folder.
    cmd.env("HOME", std::env::temp_dir());
    cmd
}

#[test]
fn date_prints_how_a_date_is_read() {
    annals()
        .args(["date", "Sept 2023"])
        .assert()
        .success()
        .stdout(predicate::str::contains("edtf:       2023-09"))
        .stdout(predicate::str::contains("display:    September 2023"))
        .stdout(predicate::str::contains("precision:  month"))
        .stdout(predicate::str::contains("earliest:   2023-09-01"))
        .stdout(predicate::str::contains("latest:     2023-09-30"));
}

#[test]
fn date_json_has_the_documented_keys() {
    let output = annals()
        .args(["date", "--json", "-0043-03-15~"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["edtf"], "-0043-03-15~");
    assert_eq!(json["display"], "c. 15 March 44 BC");
    assert_eq!(json["precision"], "day");
    assert_eq!(json["earliest"], "-0043-03-15");
    assert_eq!(json["latest"], "-0043-03-15");
    assert_eq!(json["fuzzy_earliest"], "-0043-03-14");
    assert_eq!(json["fuzzy_latest"], "-0043-03-16");
}

#[test]
fn date_beyond_four_digit_years_is_signed() {
    let output = annals()
        .args(["date", "--json", "Y12000"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["earliest"], "+12000-01-01");
    let output = annals()
        .args(["date", "--json", "2020-03/.."])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["latest"], serde_json::Value::Null);
    assert_eq!(json["display"], "March 2020 – ongoing");
}

#[test]
fn bad_dates_exit_2_with_the_reason_on_stderr() {
    for (input, reason) in [
        ("2023-02-30", "February 2023 has 28 days"),
        ("yesterday-ish", "cannot read"),
        ("", "the date is empty"),
    ] {
        annals()
            .args(["date", input])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(reason));
    }
}
