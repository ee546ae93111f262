//! The `xuezhou` command line (SPEC §1). Exit status: 0 success (warnings allowed), 1 content or
//! template errors, 2 bad usage.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use xuezhou::{
    build,
    diagnostics::{Diagnostic, Diagnostics},
    scaffold,
};

#[derive(Parser)]
#[command(
    name = "xuezhou",
    version,
    about = "学周: the site of a lifelong-learning activity week (全民终身学习活动周)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        .map_err(|problem| format!("{problem}: {}", xuezhou::config::BASE_URL_HELP))
}

fn bind_arg(b: &str) -> Result<String, String> {
    xuezhou::serve::parse_bind(b).map(|_| b.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
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
                eprintln!("error: {msg}");
                ExitCode::from(1)
            }
        },
        Command::New { kind, slug, root } => {
            let kind = match kind {
                NewKind::Event => scaffold::NewKind::Event,
                NewKind::Case => scaffold::NewKind::Case,
                NewKind::Star => scaffold::NewKind::Star,
                NewKind::Reading => scaffold::NewKind::Reading,
            };
            match scaffold::new_page(&root, kind, &slug) {
                Ok(path) => {
                    eprintln!(
                        "created {}\nfill in the fields, then run `xuezhou serve` to preview",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {}", e.message);
                    ExitCode::from(e.code)
                }
            }
        }
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
                eprintln!(
                    "created a new site in {}\nnext: cd {} && xuezhou serve",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {}", e.message);
                ExitCode::from(e.code)
            }
        },
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
        eprintln!(
            "错误：{} 里没有可用的 site.toml：在网站文件夹里运行，或用 --root 指出网站文件夹",
            root.display()
        );
        return ExitCode::from(1);
    };
    if file.exists() {
        eprintln!(
            "错误：{} 已经存在，没有覆盖它（它可能是填好的表）：删掉它，或换一个文件名",
            file.display()
        );
        return ExitCode::from(1);
    }
    let written = xuezhou::template::schedule(&config)
        .map_err(|e| e.to_string())
        .and_then(|bytes| std::fs::write(&file, bytes).map_err(|e| e.to_string()));
    match written {
        Ok(()) => {
            eprintln!(
                "已生成 {}：发给各镇（街道）填写，收回后用 xuezhou import 导入",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：写不了 {}：{e}", file.display());
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
                "--output"
            } else {
                "the output folder"
            };
            let diags = Diagnostics::new();
            diags.push(Diagnostic::error(&output, format!("{named} {}", r.message)).help(r.help));
            eprint!("{}", diags.report());
            eprintln!("build failed: nothing was built or changed");
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
                    "built {} pages ({} files, {} images: {} processed, {} from cache) into {} in {} ms",
                    report.pages,
                    report.files,
                    report.images.images,
                    report.images.decoded,
                    report.images.from_cache,
                    report.output.display(),
                    report.millis
                );
            } else {
                eprintln!("checked {} pages: no errors", report.pages);
            }
            ExitCode::SUCCESS
        }
        Err(failed) => {
            if let (true, Some(changed)) = (opts.write, &failed.changed) {
                eprintln!("build failed: {changed}");
            } else if opts.write {
                // Only say there is a previous output when there is one (a first build has none).
                let output = opts
                    .output
                    .clone()
                    .unwrap_or_else(|| opts.root.join("public"));
                if output.exists() {
                    eprintln!(
                        "build failed: nothing was written; the previous output is unchanged"
                    );
                } else {
                    eprintln!(
                        "build failed: nothing was written, and there is no earlier output ({} does not exist)",
                        output.display()
                    );
                }
            } else {
                eprintln!("check failed");
            }
            ExitCode::from(1)
        }
    }
}
