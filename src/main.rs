//! The `xuezhou` command line (SPEC §1). Exit status: 0 success (warnings allowed), 1 content or
//! template errors, 2 bad usage.

mod cli;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use xuezhou::{
    build,
    diagnostics::{Diagnostic, Diagnostics},
    messages::{self, cli::Run},
    scaffold, tr,
};

// The texts of --help come from the catalogue (src/cli/): see `cli::localize`.
#[derive(Parser)]
#[command(name = "xuezhou", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Read from the raw arguments before parsing (so --help speaks it); declared for --help.
    #[arg(long, global = true, value_name = "zh|en", value_parser = ["zh", "en"])]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into ROOT/public (or --output DIR)
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site will live at; overrides base_url in site.toml
        #[arg(long, value_parser = base_url_arg)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Build, serve and rebuild on every edit, with live reload
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1", value_parser = bind_arg)]
        bind: String,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long)]
        drafts: bool,
    },
    /// Everything build checks; writes nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
    /// A new page with every field of its kind, commented in Chinese
    New {
        kind: NewKind,
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A new site: default theme, one page of each kind
    Init { dir: PathBuf },
    /// A blank 附件1 workbook to hand out to the towns (填写模板)
    Template {
        what: TemplateKind,
        /// Where to write it [default: 附件1 主要活动安排表（填写模板）.xlsx]
        file: Option<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Filled 附件1 sheets (.xlsx/.xls/.csv) become event pages in content/events/
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check everything and list the pages it would write or change; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Overwrite pages edited by hand since they were imported
        #[arg(long)]
        force: bool,
        /// The town of every row whose 所在镇（街道） column is missing or empty
        #[arg(long)]
        town: Option<String>,
        /// The category of every row whose 活动类别 column is missing or empty
        #[arg(long)]
        category: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum TemplateKind {
    /// 附件1 主要活动安排表
    Schedule,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Event,
    Case,
    Star,
    Reading,
}

// Checked while the command line is read, so that a bad value is a usage error (exit 2),
// by the same rules as site.toml and `serve`.
fn base_url_arg(u: &str) -> Result<String, String> {
    xuezhou::config::check_base_url(u)
        .map(|()| u.trim().to_string())
        .map_err(|problem| {
            let colon = messages::pick("：", ": ");
            format!("{problem}{colon}{}", xuezhou::config::base_url_help())
        })
}

fn bind_arg(b: &str) -> Result<String, String> {
    xuezhou::serve::parse_bind(b).map(|_| b.to_string())
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // The language must be known before clap parses: --help and usage errors speak it.
    if let Some(chosen) = messages::lang_from_args(args.get(1..).unwrap_or_default()) {
        messages::set_lang(chosen);
    }
    let parsed = cli::localize(Cli::command())
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => return usage_exit(&err, &args),
    };
    run(cli.command)
}

/// Runs one command; its exit code.
fn run(command: Command) -> ExitCode {
    match command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => run_build(build::Options {
            root,
            output,
            base_url,
            drafts,
            write: true,
            progress: std::io::stderr().is_terminal(),
        }),
        Command::Check { root, drafts } => run_build(build::Options {
            root,
            output: None,
            base_url: None,
            drafts,
            write: false,
            progress: false,
        }),
        Command::Serve {
            root,
            bind,
            port,
            drafts,
        } => match xuezhou::serve::run(&root, &bind, port, drafts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("{}", tr!(Run::Error, message = msg));
                ExitCode::from(1)
            }
        },
        Command::New { kind, slug, root } => run_new(&root, kind, &slug),
        Command::Template { what, file, root } => match what {
            TemplateKind::Schedule => run_template(&root, file),
        },
        Command::Import {
            files,
            root,
            dry_run,
            force,
            town,
            category,
        } => ExitCode::from(xuezhou::import::run(&xuezhou::import::Options {
            root,
            files,
            dry_run,
            force,
            town,
            category,
        })),
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(()) => {
                eprintln!("{}", tr!(Run::InitDone, dir = dir.display()));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}", tr!(Run::Error, message = e.message));
                ExitCode::from(e.code)
            }
        },
    }
}

/// `xuezhou new KIND SLUG`: a page to fill in.
fn run_new(root: &std::path::Path, kind: NewKind, slug: &str) -> ExitCode {
    let kind = match kind {
        NewKind::Event => scaffold::NewKind::Event,
        NewKind::Case => scaffold::NewKind::Case,
        NewKind::Star => scaffold::NewKind::Star,
        NewKind::Reading => scaffold::NewKind::Reading,
    };
    match scaffold::new_page(root, kind, slug) {
        Ok(path) => {
            eprintln!("{}", tr!(Run::Created, path = path.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", tr!(Run::Error, message = e.message));
            ExitCode::from(e.code)
        }
    }
}

/// `xuezhou template schedule [FILE]`: never overwrites a file (it may be a filled-in one).
fn run_template(root: &std::path::Path, file: Option<PathBuf>) -> ExitCode {
    let file = file.unwrap_or_else(|| PathBuf::from("附件1 主要活动安排表（填写模板）.xlsx"));
    let diags = Diagnostics::new();
    let config = match root.join("site.toml").is_file() {
        true => xuezhou::config::load(root, &diags),
        false => None,
    };
    let Some(config) = config.filter(|_| !diags.has_errors()) else {
        eprint!("{}", diags.report());
        eprintln!("{}", tr!(Run::TemplateNoSite, root = root.display()));
        return ExitCode::from(1);
    };
    if file.exists() {
        eprintln!("{}", tr!(Run::TemplateExists, file = file.display()));
        return ExitCode::from(1);
    }
    let written = xuezhou::template::schedule(&config)
        .map_err(|e| e.to_string())
        .and_then(|bytes| std::fs::write(&file, bytes).map_err(|e| e.to_string()));
    match written {
        Ok(()) => {
            eprintln!("{}", tr!(Run::TemplateDone, file = file.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "{}",
                tr!(Run::TemplateCannotWrite, file = file.display(), error = e)
            );
            ExitCode::from(1)
        }
    }
}

fn run_build(opts: build::Options) -> ExitCode {
    if opts.write {
        // The output folder is xuezhou's alone: refuse any other before the work of a build.
        let output = opts
            .output
            .clone()
            .unwrap_or_else(|| opts.root.join("public"));
        if let Err(r) = xuezhou::output::check_output(&output, &opts.root) {
            let named = if opts.output.is_some() {
                tr!(Run::OutputNamed)
            } else {
                tr!(Run::OutputDefault)
            };
            let diags = Diagnostics::new();
            let refused = xuezhou::t!(
                xuezhou::messages::render::Output::Refused,
                named,
                why = r.message
            );
            diags.push(Diagnostic::error(&output, refused).help(r.help));
            eprint!("{}", diags.report());
            eprintln!("{}", tr!(Run::BuildRefused));
            return ExitCode::from(1);
        }
    }
    let diags = Diagnostics::new();
    let result = build::build(&opts, &diags);
    eprint!("{}", diags.report());
    match result {
        Ok(report) => {
            if opts.write {
                eprintln!(
                    "{}",
                    tr!(
                        Run::Built,
                        pages = report.pages,
                        files = report.files,
                        images = report.images.images,
                        decoded = report.images.decoded,
                        cached = report.images.from_cache,
                        output = report.output.display(),
                        millis = report.millis
                    )
                );
            } else {
                eprintln!("{}", tr!(Run::Checked, pages = report.pages));
            }
            ExitCode::SUCCESS
        }
        Err(failed) => {
            if let (true, Some(changed)) = (opts.write, &failed.changed) {
                eprintln!("{}", tr!(Run::BuildFailedChanged, changed));
            } else if opts.write {
                // Only say there is a previous output when there is one (a first build has none).
                let output = opts
                    .output
                    .clone()
                    .unwrap_or_else(|| opts.root.join("public"));
                if output.exists() {
                    eprintln!("{}", tr!(Run::BuildFailedUnchanged));
                } else {
                    eprintln!("{}", tr!(Run::BuildFailedFirst, output = output.display()));
                }
            } else {
                eprintln!("{}", tr!(Run::CheckFailed));
            }
            ExitCode::from(1)
        }
    }
}

/// Help and version are printed as asked (exit 0); anything else is a usage error (exit 2).
fn usage_exit(err: &clap::Error, args: &[OsString]) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(2)
        }
        _ => {
            let sub = args
                .iter()
                .skip(1)
                .map(|a| a.to_string_lossy())
                .find(|a| !a.starts_with('-'))
                .filter(|a| Cli::command().find_subcommand(a.as_ref()).is_some());
            let command = match sub {
                Some(sub) => format!("xuezhou {sub}"),
                None => "xuezhou".to_string(),
            };
            eprint!("{}", cli::usage_error(err, &command));
            ExitCode::from(2)
        }
    }
}
