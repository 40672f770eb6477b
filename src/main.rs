use clap::{Args, FromArgMatches, Parser};
use earmark::config::{Cli, Command, ServeArgs};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // `ingest` reports each file on standard output; its log goes beside, not in between.
    let to_stderr = matches!(cli.command, Some(Command::Ingest(_)));
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // One JSON object per line for a log collector: each event with the fields of the
    // request it happened in (its id, and the administrator and company once known).
    if std::env::var("EARMARK_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .flatten_event(true)
            .with_env_filter(filter)
            .with_writer(move || writer(to_stderr))
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(move || writer(to_stderr)).init();
    }
    let db = cli.common.database.clone();
    let secret_key = cli.common.secret_key().map_err(anyhow::Error::msg)?;
    let recordings = (cli.common.recordings_dir(), cli.common.storage(), secret_key);
    match cli.command {
        None => earmark::cli::serve(&db, &recordings, serve_args_from_env()).await,
        Some(Command::Serve(args)) => earmark::cli::serve(&db, &recordings, args).await,
        Some(Command::Demo) => earmark::cli::demo(&db, &recordings).await,
        Some(Command::CreateAdmin(args)) => earmark::cli::create_admin(&db, args).await,
        Some(Command::Precompress(args)) => earmark::precompress::command(&args.site_root),
        Some(Command::CopyDatabase(args)) => earmark::cli::copy_database(&args.from, &args.to).await,
        Some(Command::Ingest(args)) => earmark::ingest::command(args).await,
        Some(Command::CheckStorage(args)) => {
            let clean = earmark::cli::check_storage(&db, &recordings, &args).await?;
            std::process::exit(if clean { 0 } else { 1 })
        }
    }
}

fn writer(to_stderr: bool) -> Box<dyn std::io::Write> {
    if to_stderr {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    }
}

/// `earmark` with no command serves, configured from the environment alone.
fn serve_args_from_env() -> ServeArgs {
    let matches = ServeArgs::augment_args(clap::Command::new("serve")).get_matches_from(["serve"]);
    ServeArgs::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}
