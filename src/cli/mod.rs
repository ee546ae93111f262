//! The command line in the run's language: clap's help and usage errors are English only, so
//! every text of `--help` comes from the catalogue (`messages::cli::Help`), set on the command
//! clap derives, and a usage error is said again from the error's parts (`messages::cli::Usage`).

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use xuezhou::messages::cli::{Help, Usage};
use xuezhou::messages::{lang, Entry, Lang};
use xuezhou::tr;

/// A text without placeholders, as the `&'static str` clap wants for headings.
fn fixed(entry: Help) -> &'static str {
    match lang() {
        Lang::Zh => entry.zh(),
        Lang::En => entry.en(),
    }
}

/// The help text of each option (by clap's id), in the run's language.
fn option_help(id: &str, command: &str) -> Option<String> {
    Some(match (command, id) {
        (_, "lang") => tr!(Help::Lang),
        (_, "root") => tr!(Help::Root),
        (_, "output") => tr!(Help::Output),
        (_, "base_url") => tr!(Help::BaseUrl),
        (_, "drafts") => tr!(Help::Drafts),
        (_, "bind") => tr!(Help::Bind),
        (_, "port") => tr!(Help::Port),
        ("new", "kind") => tr!(Help::NewKind),
        ("new", "slug") => tr!(Help::NewSlug),
        ("init", "dir") => tr!(Help::InitDir),
        ("template", "what") => tr!(Help::TemplateWhat),
        ("template", "file") => tr!(Help::TemplateFile),
        ("import", "files") => tr!(Help::ImportFiles),
        (_, "dry_run") => tr!(Help::DryRun),
        (_, "force") => tr!(Help::Force),
        (_, "town") => tr!(Help::Town),
        (_, "category") => tr!(Help::Category),
        _ => return None,
    })
}

fn command_about(name: &str) -> Option<String> {
    Some(match name {
        "build" => tr!(Help::Build),
        "serve" => tr!(Help::Serve),
        "check" => tr!(Help::Check),
        "new" => tr!(Help::New),
        "init" => tr!(Help::Init),
        "template" => tr!(Help::Template),
        "import" => tr!(Help::Import),
        _ => return None,
    })
}

/// The derived command with every text in the run's language.
pub fn localize(cmd: Command) -> Command {
    let cmd = cmd
        .about(tr!(Help::About))
        .after_help(tr!(Help::AfterHelp))
        .subcommand_help_heading(fixed(Help::Commands))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr!(Help::VersionFlag)),
        );
    let cmd = texts_of(cmd, "");
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|sc| sc.get_name().to_string())
        .collect();
    names.into_iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(&name, |sc| {
            let sc = match command_about(&name) {
                Some(about) => sc.about(about),
                None => sc,
            };
            texts_of(sc, &name)
        })
    })
}

/// Headings, the help flag and each argument's help of one command.
fn texts_of(cmd: Command, name: &str) -> Command {
    let template = format!(
        "{{about}}\n\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        tr!(Help::Usage)
    );
    let mut cmd = cmd
        .help_template(template)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(tr!(Help::HelpFlag)),
        );
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        let heading = if positional {
            fixed(Help::Arguments)
        } else {
            fixed(Help::Options)
        };
        let help = option_help(&id, name);
        cmd = cmd.mut_arg(&id, |a| {
            let takes_values = a.get_action().takes_values();
            // Defaults and choices are said in the help text itself, in the run's language.
            let a = a
                .help_heading(heading)
                .hide_default_value(takes_values)
                .hide_possible_values(takes_values);
            match help {
                Some(help) => a.help(help),
                None => a,
            }
        });
    }
    cmd
}

/// A usage error said in the run's language, with the usage line and where to read more.
pub fn usage_error(err: &clap::Error, command: &str) -> String {
    let arg = context(err, ContextKind::InvalidArg).unwrap_or_default();
    let mut out = tr!(Usage::Label);
    out.push_str(&match err.kind() {
        ErrorKind::UnknownArgument => tr!(Usage::UnknownOption, arg),
        ErrorKind::InvalidSubcommand => tr!(
            Usage::UnknownCommand,
            arg = context(err, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue => {
            let value = context(err, ContextKind::InvalidValue).unwrap_or_default();
            match context(err, ContextKind::ValidValue) {
                Some(values) => format!(
                    "{}{}",
                    tr!(Usage::BadValue, arg, value),
                    tr!(Usage::ValidValues, values)
                ),
                None => tr!(Usage::NoValue, arg),
            }
        }
        ErrorKind::ValueValidation => {
            let value = context(err, ContextKind::InvalidValue).unwrap_or_default();
            let why = match std::error::Error::source(err) {
                Some(e) if e.is::<std::num::ParseIntError>() => tr!(Usage::NotNumber),
                Some(e) => e.to_string(),
                None => String::new(),
            };
            tr!(Usage::BadValueBecause, arg, value, why)
        }
        ErrorKind::MissingRequiredArgument => tr!(Usage::Missing, args = arg),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            tr!(Usage::NoCommand)
        }
        _ => tr!(Usage::Other, detail = first_line(err)),
    });
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        if let Some(near) = context(err, kind) {
            out.push_str(&tr!(Usage::DidYouMean, near));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
        let usage = plain(usage);
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n\n{}{usage}", tr!(Help::Usage)));
    }
    out.push_str("\n\n");
    out.push_str(&tr!(Usage::SeeHelp, command));
    out.push('\n');
    out
}

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    let sep = if lang() == Lang::Zh { "、" } else { ", " };
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join(sep)),
        ContextValue::StyledStr(s) => Some(plain(s)),
        ContextValue::StyledStrs(list) => {
            Some(list.iter().map(plain).collect::<Vec<_>>().join(sep))
        }
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn plain(s: &StyledStr) -> String {
    s.to_string()
}

fn first_line(err: &clap::Error) -> String {
    let text = err.to_string();
    let line = text.lines().next().unwrap_or("").trim();
    line.trim_start_matches("error:").trim().to_string()
}
