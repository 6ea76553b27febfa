//! The `tracker` command line.

use app::i18n::Lang;
use app::model::{user, Role};
use clap::{Parser, Subcommand};
use server::ServeConfig;
use std::{io::BufRead, net::SocketAddr, path::PathBuf, process::ExitCode};

// Rendering and importing allocate many short-lived strings from several threads at once;
// mimalloc handles that with less contention and fragmentation than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "tracker", about = "Amazon Contract Tracker: serve the site and manage its data")]
struct Cli {
    /// The database. SQLite is the embedded default; the file is created and migrated at start.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/tracker.db", global = true)]
    database_url: String,
    /// The search index's folder (derived data, rebuilt from the database when missing).
    /// Defaults to `search` beside the database file.
    #[arg(long, env = "TRACKER_SEARCH_DIR", global = true)]
    search_dir: Option<PathBuf>,
    /// The folder source documents are kept in, each file named by its SHA-256. Defaults to
    /// `documents` beside the database file.
    #[arg(long, env = "TRACKER_DOCUMENTS_DIR", global = true)]
    documents_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TRACKER_ADDR", default_value = "127.0.0.1:3000")]
    addr: SocketAddr,
    /// Force HTTPS mode (Secure __Host- cookies, HSTS) when the public URL is http:// but a
    /// TLS proxy serves the site; an https:// public URL turns it on by itself.
    #[arg(long, env = "TRACKER_SECURE_COOKIES", default_value_t = false)]
    secure_cookies: bool,
    /// Where the built site (pkg/ with CSS, JS and wasm) is.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    site_root: PathBuf,
    /// Folder with the Census Gazetteer and school-district files, loaded on first start.
    #[arg(long, env = "TRACKER_PLACES_DIR", default_value = "data/places")]
    places_dir: PathBuf,
    /// Limits per client address (an IPv6 /64) and per account, per minute (login_account:
    /// per 15 minutes, keyed by the handle typed), e.g.
    /// "login=10,login_account=20,signup=5,submit=20,edit=30,flag=20,password=5"; 0 turns one off.
    #[arg(long, env = "TRACKER_RATE_LIMITS", default_value = "", value_parser = parse_limits)]
    rate_limits: app::web::limits::RateLimits,
    /// The licence the published data is offered under (shown on /about/data and in exports).
    #[arg(long, env = "TRACKER_DATA_LICENCE", default_value = "CC BY 4.0")]
    data_licence: String,
    /// The address the public reaches the site at, e.g. https://tracker.example.org; used
    /// in canonical links, share cards and embed snippets. Defaults to http://ADDR.
    #[arg(long, env = "TRACKER_PUBLIC_URL", value_parser = server::parse_public_url)]
    public_url: Option<String>,
    /// Proxy addresses whose X-Forwarded-For header names the client (comma-separated).
    #[arg(long, env = "TRACKER_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// Megabytes of rendered pages kept in memory, compressed copies included.
    #[arg(long, env = "TRACKER_PAGE_CACHE_MB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=65536))]
    page_cache_mb: u64,
    /// The SMTP server that sends mail to followers, e.g. smtp://localhost:25,
    /// smtp://relay.example.org:587?tls=required or smtps://user:password@mail.example.org.
    /// Without it, the follow form says email is not set up on this site.
    #[arg(long, env = "TRACKER_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of the mail, e.g. "Amazon Contract Tracker <alerts@tracker.example.org>";
    /// required with --smtp-url.
    #[arg(long, env = "TRACKER_MAIL_FROM")]
    mail_from: Option<String>,
    /// The hour of the day (UTC, 0-23) daily and weekly digests go out; weekly on Mondays.
    #[arg(long, env = "TRACKER_DIGEST_HOUR", default_value_t = 7, value_parser = clap::value_parser!(u32).range(0..=23))]
    digest_hour: u32,
    /// Seconds before a message that could not be sent is tried again; the wait doubles
    /// with each failure, up to an hour.
    #[arg(long, env = "TRACKER_MAIL_RETRY_SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    mail_retry_seconds: u64,
    /// The largest source document one may upload, in megabytes.
    #[arg(long, env = "TRACKER_MAX_UPLOAD_MB", default_value_t = 25, value_parser = clap::value_parser!(u64).range(1..=2048))]
    max_upload_mb: u64,
    /// Megabytes of documents one account may upload in a day.
    #[arg(long, env = "TRACKER_UPLOAD_MB_PER_DAY", default_value_t = 250, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    upload_mb_per_day: u64,
}

fn parse_limits(s: &str) -> Result<app::web::limits::RateLimits, String> {
    app::web::limits::RateLimits::parse(s)
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve(Box<ServeArgs>),
    /// Create the database if needed and apply migrations.
    Migrate,
    /// Jurisdictions from official files.
    Places {
        #[command(subcommand)]
        command: PlacesCommand,
    },
    /// Accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import deals from a CSV file: the tracker's own export format or a Good Jobs First
    /// Subsidy Tracker export (told apart by the header).
    Import {
        file: PathBuf,
        /// Check every row and report; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the good rows even if others fail (normally one bad row stops the import).
        #[arg(long)]
        partial: bool,
        /// Apply rows imported before whose content changed, as new revisions.
        #[arg(long)]
        update: bool,
        /// Import rows that look like a deal already recorded (same government, company, year
        /// and amount); without it they are reported and left out.
        #[arg(long)]
        allow_duplicates: bool,
        /// Whose import it is. A moderator's or admin's deals are published at once; a
        /// contributor's wait for review. Not needed for --dry-run.
        #[arg(long = "as", value_name = "HANDLE")]
        as_handle: Option<String>,
        /// The folder the `source_files` column's paths are relative to: each file is checked
        /// as an upload is, kept in the documents folder, and attached to its source.
        #[arg(long, value_name = "DIR")]
        files_from: Option<PathBuf>,
        /// The largest file the `source_files` column may name, in megabytes: the server's
        /// limit for uploads, from the same setting.
        #[arg(long, env = "TRACKER_MAX_UPLOAD_MB", default_value_t = 25, value_parser = clap::value_parser!(u64).range(1..=2048))]
        max_upload_mb: u64,
        /// How many new deals are counted in the totals at once: fewer use less memory, more
        /// make a large import faster.
        #[arg(long, value_name = "DEALS", default_value_t = app::import::COUNT_WINDOW, value_parser = clap::value_parser!(i64).range(1..))]
        count_window: i64,
    },
    /// The totals, timelines and counts kept up to date by every write.
    Aggregates {
        #[command(subcommand)]
        command: AggregatesCommand,
    },
    /// The full-text search index beside the database.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Source documents kept on the site.
    Documents {
        #[command(subcommand)]
        command: DocumentsCommand,
    },
    /// Back up to the new folder PATH (safe while the server runs): the database as
    /// PATH/tracker.db and the documents under PATH/documents, every copy checked.
    Backup { path: PathBuf },
    /// Replace the database and bring back the documents from the backup folder PATH (or a
    /// database file alone, as backups before documents were), after checking every file.
    /// Stop the server first. The replaced database is kept beside it.
    Restore { path: PathBuf },
}

#[derive(Subcommand)]
enum DocumentsCommand {
    /// Read every stored document again and check it still matches its SHA-256.
    Verify,
}

#[derive(Subcommand)]
enum PlacesCommand {
    /// Load (or refresh) jurisdictions from a folder of Census and school-district files.
    Load { dir: PathBuf },
}

#[derive(Subcommand)]
enum AggregatesCommand {
    /// Count them all again from the deals (safe while the server runs; writes wait).
    Rebuild,
    /// Count them again without keeping the result, and say where the kept counts differ.
    Check,
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Build the index again from every public deal (stop the server first).
    Rebuild,
    /// Compare the index with the public deals, and say how far behind the changes it is.
    Check,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input, never from arguments.
    Add {
        handle: String,
        #[arg(long, default_value = "contributor", value_parser = parse_role)]
        role: Role,
    },
    /// Change an account's role (contributor, moderator, admin). Ends its sessions.
    Role {
        handle: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Set a new password, read from standard input. Ends the account's sessions.
    ResetPassword { handle: String },
}

fn read_password() -> Result<String, String> {
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password).map_err(|e| format!("can't read the password: {e}"))?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    user::check_password(&password).map_err(|e| e.to_string())?;
    Ok(password)
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_code(s).ok_or_else(|| "use contributor, moderator or admin".into())
}

fn default_serve() -> ServeArgs {
    ServeArgs::parse_from_env()
}

impl ServeArgs {
    fn parse_from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["tracker"]).args
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Serving is also what `tracker` with no command, or with global flags first, does.
    tune_allocator(matches!(cli.command, None | Some(Command::Serve(_))));
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt.block_on(start(cli)),
        Err(e) => {
            eprintln!("error: can't start the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The allocator (mimalloc) reads its settings from the environment only as the process
/// starts, so the program starts itself again, once, with two of them set (a value already in
/// the environment is kept). (Setting them through mimalloc's C interface would need `unsafe`
/// and the options' numbers, which the Rust binding does not name.)
/// - No transparent huge pages: each first touch of memory mimalloc had handed back cost the
///   kernel zeroing 2 MB. An import of 100,000 rows: 11.2-12.7 s and 351 MB without, 10.0-10.5
///   s and 318-324 MB with.
/// - A server hands freed memory back at once: it keeps memory a thread freed until that
///   thread allocates again after a delay, so idle worker threads sat on about 90 MB
///   (bench/scale.sh at a million deals, a place page at 64 connections with a write every
///   200 ms: RssAnon 322 MB, 220 MB with it, for 10 % fewer requests a second and p99 7.6 →
///   8.4 ms). An import is faster without it (28 % at 200,000 rows).
fn tune_allocator(serving: bool) {
    use std::os::unix::process::CommandExt;
    const THP: &str = "MIMALLOC_ALLOW_THP";
    const PURGE: &str = "MIMALLOC_PURGE_DELAY";
    let mut settings = vec![(THP, "0")];
    if serving {
        settings.push((PURGE, "0"));
    }
    settings.retain(|(name, _)| std::env::var_os(name).is_none());
    if settings.is_empty() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    // Returns only when the new program could not start: go on as this one.
    let _ = std::process::Command::new(exe).args(std::env::args_os().skip(1)).envs(settings).exec();
}

async fn start(cli: Cli) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// One row of an import's report as printed: a dry run lists every row, a real run what needs
/// attention (a created, unchanged or updated row needs none).
fn print_import_row(r: &app::import::RowReport, dry_run: bool) {
    use app::import::Outcome;
    if !dry_run && matches!(r.outcome, Outcome::Ready | Outcome::Created(_) | Outcome::Unchanged(_) | Outcome::Updated(_)) {
        return;
    }
    let matched = r.matched.as_ref().map(|(p, rule)| format!("{p} ({})", rule.describe(Lang::En))).unwrap_or_else(|| "-".into());
    let outcome = match &r.outcome {
        Outcome::Ready => "ok".to_string(),
        Outcome::Created(id) => format!("created deal {id}"),
        Outcome::Unchanged(id) => format!("already imported as deal {id}, unchanged"),
        Outcome::Changed(id) => format!("already imported as deal {id}, CHANGED (use --update to apply)"),
        Outcome::Updated(id) => format!("updated deal {id}"),
        Outcome::Duplicate(d) => format!("NOT IMPORTED: {} (--allow-duplicates to import it)", d.describe(Lang::En)),
        Outcome::Conflicted(id, fields) => {
            format!(
                "NOT UPDATED: deal {id} was also corrected on the site since it was imported ({}); change it on the site",
                fields.join(", ")
            )
        }
        Outcome::Failed(why) => format!("FAILED: {why}"),
    };
    println!("line {}: {} -> {matched}: {outcome}", r.line, if r.title.is_empty() { "(no title)" } else { r.title.as_str() });
}

/// The totals of an import.
fn print_import_totals(report: &app::import::Report) {
    let t = report.tally;
    println!("format: {}", report.format.label(Lang::En));
    println!(
        "{} rows: {} ok, {} created, {} unchanged, {} changed, {} updated, {} possible duplicates, {} not updated, {} failed{} in {:.2} s ({:.0} rows/s)",
        t.rows,
        t.ready,
        t.created,
        t.unchanged,
        t.changed,
        t.updated,
        t.duplicates,
        t.conflicted,
        t.failed,
        if report.written { "" } else { "; nothing written" },
        report.elapsed.as_secs_f64(),
        t.rows as f64 / report.elapsed.as_secs_f64().max(1e-9)
    );
}

/// The search index's folder: as given, or `search` beside the database file.
fn search_dir(cli: &Cli) -> Result<PathBuf, String> {
    match &cli.search_dir {
        Some(d) => Ok(d.clone()),
        None => {
            let db = database_file(&cli.database_url)?;
            Ok(db.parent().map(|p| p.join("search")).unwrap_or_else(|| PathBuf::from("search")))
        }
    }
}

/// The documents folder: as given, or `documents` beside the database file.
fn documents_dir(cli: &Cli) -> Result<PathBuf, String> {
    match &cli.documents_dir {
        Some(d) => Ok(d.clone()),
        None => {
            let db = database_file(&cli.database_url)?;
            Ok(db.parent().map(|p| p.join("documents")).unwrap_or_else(|| PathBuf::from("documents")))
        }
    }
}

/// The documents a database file lists.
async fn listed_documents(db: &std::path::Path) -> Result<Vec<String>, String> {
    app::repo::backup::documents_in(db).await.map_err(|e| format!("reading the documents {} lists: {e}", db.display()))
}

/// Says what a check of the documents found; an error when any is missing or damaged.
fn report_documents(what: &str, c: &app::documents::keep::Check) -> Result<(), String> {
    for sha in &c.missing {
        println!("missing: {sha} (on record, but no file)");
    }
    for sha in &c.damaged {
        println!("damaged: {sha} (the file's bytes no longer match its SHA-256)");
    }
    if !c.unlisted.is_empty() {
        println!("{} files no document on record names (left alone)", c.unlisted.len());
    }
    println!("{what}: {} documents ({:.1} MB), every SHA-256 checked", c.good, c.bytes as f64 / 1e6);
    if c.is_sound() {
        Ok(())
    } else {
        Err(format!("{} documents missing and {} damaged", c.missing.len(), c.damaged.len()))
    }
}

fn open_search(cli: &Cli) -> Result<app::search::SearchIndex, String> {
    let dir = search_dir(cli)?;
    app::search::SearchIndex::open(Some(&dir)).map_err(|e| format!("can't open the search index at {}: {e}", dir.display()))
}

/// The database file a `sqlite://…` address names.
fn database_file(url: &str) -> Result<PathBuf, String> {
    use std::str::FromStr;
    let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url).map_err(|e| format!("{url} is not a SQLite address: {e}"))?;
    Ok(opts.get_filename().to_path_buf())
}

async fn run(cli: Cli) -> Result<(), String> {
    // A restore replaces the file, so it must not be opened (and migrated) first.
    if let Some(Command::Restore { path }) = &cli.command {
        use app::documents::store::FolderStore;
        let target = database_file(&cli.database_url)?;
        let docs = FolderStore::new(documents_dir(&cli)?);
        // A backup folder holds the database and the documents; a file is a database alone.
        let (db, from) =
            if path.is_dir() { (path.join("tracker.db"), Some(FolderStore::new(path.join("documents")))) } else { (path.clone(), None) };
        // Every document the backup lists is checked, and the sound ones copied into the
        // documents folder, before the database is replaced: files are named by their
        // content, so copying them first changes nothing the live database shows, and the
        // restored database never names a file that is not there.
        if let Some(from) = &from {
            let listed = listed_documents(&db).await?;
            let c = app::documents::keep::check(from, &listed, Some(&docs)).map_err(|e| format!("restoring the documents: {e}"))?;
            report_documents(&format!("documents restored into {}", docs.dir().display()), &c)
                .map_err(|e| format!("{e}: the database was not restored"))?;
        }
        let (report, kept) = app::repo::backup::restore(&db, &target).await.map_err(|e| e.to_string())?;
        println!("restored {} deals and {} revisions from {} into {}", report.deals, report.revisions, path.display(), target.display());
        if let Some(k) = kept {
            println!("the database it replaced is kept at {}", k.display());
        }
        if from.is_none() {
            println!("{} is a database file alone: the documents in {} are left as they are", path.display(), docs.dir().display());
        }
        // The index followed the replaced database: build it again from this one.
        let pool = app::repo::connect(&cli.database_url).await.map_err(|e| format!("can't open the restored database: {e}"))?;
        let index = open_search(&cli)?;
        let at = app::search::follow::rebuild(&index, &pool).await.map_err(|e| format!("rebuilding the search index: {e}"))?;
        println!("search index rebuilt at change {at}");
        return Ok(());
    }
    let pool = app::repo::connect(&cli.database_url).await.map_err(|e| format!("can't open the database at {}: {e}", cli.database_url))?;
    let search_dir = search_dir(&cli)?;
    let documents = std::sync::Arc::new(app::documents::store::FolderStore::new(documents_dir(&cli)?));
    match cli.command.unwrap_or_else(|| Command::Serve(Box::new(default_serve()))) {
        Command::Serve(args) => {
            let mut places_dirs = vec![args.places_dir.clone()];
            // On the project's own machines the reference files sit beside the checkout.
            let shared = PathBuf::from("../shared/refdata");
            if shared.is_dir() {
                places_dirs.push(shared);
            }
            let atlas = app::maps::Atlas::load(&places_dirs).map(std::sync::Arc::new);
            if atlas.is_none() {
                tracing::warn!("no counties-albers-10m.json found in {:?}: state pages show no map", places_dirs);
            }
            // Mail links must reach the site from anywhere: the public address is required
            // with SMTP, never guessed from the listening address.
            let mail = match (&args.smtp_url, &args.mail_from, &args.public_url) {
                (None, _, _) => None,
                (Some(_), None, _) => return Err("--mail-from (TRACKER_MAIL_FROM) is required with --smtp-url".into()),
                (Some(_), _, None) => return Err("--public-url (TRACKER_PUBLIC_URL) is required with --smtp-url".into()),
                (Some(smtp), Some(from), Some(public)) => Some(server::mail::MailConfig::new(
                    smtp,
                    from,
                    public,
                    args.digest_hour,
                    std::time::Duration::from_secs(args.mail_retry_seconds),
                )?),
            };
            let public_url = args.public_url.unwrap_or_else(|| format!("http://{}", args.addr));
            // An https public address means the site is reached over TLS: Secure cookies with
            // the __Host- prefix, and HSTS. --secure-cookies forces it behind a TLS proxy
            // whose public address is given as http.
            let secure_cookies = args.secure_cookies || public_url.starts_with("https://");
            if secure_cookies {
                tracing::info!(%public_url, "HTTPS mode: Secure __Host- cookies and HSTS");
            } else {
                tracing::warn!(%public_url, "plain HTTP mode: cookies without Secure and no HSTS; set --public-url https://… in production");
            }
            let config = ServeConfig {
                public_url,
                atlas,
                addr: args.addr,
                secure_cookies,
                site_root: args.site_root,
                places_dirs,
                limits: args.rate_limits,
                trusted_proxies: args.trusted_proxy,
                data_licence: args.data_licence,
                page_cache_bytes: (args.page_cache_mb as usize) * 1024 * 1024,
                mail,
                documents: documents.clone(),
                uploads: app::documents::UploadLimits {
                    max_file: args.max_upload_mb * 1_000_000,
                    per_day: args.upload_mb_per_day * 1_000_000,
                },
                search: std::sync::Arc::new(
                    app::search::SearchIndex::open(Some(&search_dir))
                        .map_err(|e| format!("can't open the search index at {}: {e}", search_dir.display()))?,
                ),
            };
            server::serve(pool, config).await.map_err(|e| format!("server stopped: {e}"))
        }
        Command::Migrate => {
            println!("database is up to date: {}", cli.database_url);
            Ok(())
        }
        Command::Places { command: PlacesCommand::Load { dir } } => {
            let report = app::load::load_dir(&pool, &dir, true).await.map_err(|e| e.to_string())?;
            for note in &report.notes {
                println!("note: {note}");
            }
            for (kind, n) in &report.by_kind {
                println!("{kind:>16}: {n}");
            }
            println!(
                "{} added, {} updated, {} unchanged, {} unincorporated places added or changed, in {:.1} s",
                report.inserted,
                report.updated,
                report.unchanged,
                report.unincorporated_changed,
                report.elapsed.as_secs_f64()
            );
            Ok(())
        }
        Command::User { command: UserCommand::Add { handle, role } } => {
            let handle = user::parse_handle(&handle).map_err(|e| e.to_string())?;
            let password = read_password()?;
            let hash = app::web::auth::hash_password(password).await.map_err(|e| e.msg().to_string())?;
            let mut tx = app::repo::begin_write(&pool).await.map_err(|e| e.to_string())?;
            app::repo::users::insert(&mut tx, &handle, &hash, role).await.map_err(|e| match app::error::AppError::from(e) {
                app::error::AppError::HandleTaken => format!("the handle {handle} is taken"),
                other => other.msg().to_string(),
            })?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("created {handle} ({})", role.code());
            Ok(())
        }
        Command::User { command: UserCommand::Role { handle, role } } => {
            let mut tx = app::repo::begin_write(&pool).await.map_err(|e| e.to_string())?;
            let old = app::repo::users::set_role(&mut tx, &handle, role).await.map_err(|e| e.to_string())?;
            let Some(old) = old else { return Err(format!("there is no account {handle}")) };
            let detail = format!("{} -> {} (command line)", old.code(), role.code());
            app::repo::audit::record(&mut tx, None, "role_changed", Some(&handle), Some(&detail), None).await.map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("{handle} is now {} (was {})", role.code(), old.code());
            Ok(())
        }
        Command::Import { file, dry_run, partial, update, allow_duplicates, as_handle, files_from, max_upload_mb, count_window } => {
            let input = std::fs::File::open(&file).map_err(|e| format!("can't read {}: {e}", file.display()))?;
            let actor = match &as_handle {
                Some(h) => {
                    let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
                    let record = app::repo::users::by_handle(&mut conn, h).await.map_err(|e| e.to_string())?;
                    let Some(record) = record else { return Err(format!("there is no account {h}")) };
                    record.viewer
                }
                None if dry_run => app::model::view::Viewer { id: 0, handle: String::new(), role: app::model::Role::Contributor },
                None => return Err("say whose import it is with --as HANDLE (a moderator's import is published at once)".into()),
            };
            let opts = app::import::Options {
                dry_run,
                partial,
                update,
                allow_duplicates,
                file_name: file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
                viewer: actor,
                // The command line speaks English.
                lang: Lang::En,
                files: files_from.map(|dir| {
                    std::sync::Arc::new(app::import::files::FilesFrom {
                        dir,
                        store: documents.clone(),
                        max_file: max_upload_mb * 1_000_000,
                    })
                }),
                count_window,
            };
            // The file is read as it is checked, so how many rows it has is not known: a count,
            // not a bar.
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} {pos} rows").unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.set_message(if dry_run { "checking" } else { "importing" });
            let progress = |done: usize| bar.set_position(done as u64);
            let mut each = |r: &app::import::RowReport| bar.suspend(|| print_import_row(r, dry_run));
            let rows = app::import::Rows::Each(&mut each);
            let length = input.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
            let report = app::import::run_from(&pool, Box::new(input), length, &opts, &progress, rows).await.map_err(|e| e.to_string())?;
            bar.finish_and_clear();
            if report.written {
                // Not a failure of the import, which is committed: the log is emptied later.
                if let Err(e) = app::repo::empty_log(&pool).await {
                    tracing::warn!(error = %e, "the write-ahead log was left for later");
                }
            }
            print_import_totals(&report);
            if report.failed() > 0 && !partial {
                return Err(format!(
                    "{} row{} failed; nothing was written. Fix them, or use --partial to import the good rows.",
                    report.failed(),
                    if report.failed() == 1 { "" } else { "s" }
                ));
            }
            Ok(())
        }
        Command::Aggregates { command } => {
            let started = std::time::Instant::now();
            let mut tx = app::repo::begin_write(&pool).await.map_err(|e| e.to_string())?;
            let kept = app::repo::tallies::snapshot(&mut tx).await.map_err(|e| e.to_string())?;
            let counted = app::repo::tallies::rebuild(&mut tx).await.map_err(|e| e.to_string())?;
            let recounted = app::repo::tallies::snapshot(&mut tx).await.map_err(|e| e.to_string())?;
            let differ = app::repo::tallies::differences(&kept, &recounted);
            match command {
                AggregatesCommand::Rebuild => {
                    tx.commit().await.map_err(|e| e.to_string())?;
                    println!(
                        "counted {counted} public deals again in {:.1} s; {} kept counts were wrong",
                        started.elapsed().as_secs_f64(),
                        differ.len()
                    );
                    Ok(())
                }
                AggregatesCommand::Check => {
                    tx.rollback().await.map_err(|e| e.to_string())?;
                    for d in differ.iter().take(20) {
                        println!("{d}");
                    }
                    if differ.is_empty() {
                        println!("the kept counts of {counted} public deals are right ({:.1} s)", started.elapsed().as_secs_f64());
                        Ok(())
                    } else {
                        Err(format!("{} kept counts differ from a recount; `tracker aggregates rebuild` repairs them", differ.len()))
                    }
                }
            }
        }
        Command::Search { command } => {
            let started = std::time::Instant::now();
            let index = app::search::SearchIndex::open(Some(&search_dir))
                .map_err(|e| format!("can't open the search index at {}: {e}", search_dir.display()))?;
            match command {
                SearchCommand::Rebuild => {
                    let at = app::search::follow::rebuild(&index, &pool).await.map_err(|e| format!("rebuilding the search index: {e}"))?;
                    println!("search index rebuilt at change {at} in {:.1} s", started.elapsed().as_secs_f64());
                    Ok(())
                }
                SearchCommand::Check => {
                    let c = app::search::follow::check(&index, &pool).await.map_err(|e| format!("checking the search index: {e}"))?;
                    for d in c.differences.iter().take(20) {
                        println!("{d}");
                    }
                    println!("the index is at change {} of {}", c.position, c.latest);
                    if c.position == c.latest && c.differences.is_empty() {
                        println!("the index holds exactly the public deals ({:.1} s)", started.elapsed().as_secs_f64());
                        Ok(())
                    } else if c.position != c.latest {
                        Err(format!("the index is {} changes behind; the server catches up by itself", c.latest.saturating_sub(c.position)))
                    } else {
                        Err(format!("{} deals differ; `tracker search rebuild` repairs the index", c.differences.len()))
                    }
                }
            }
        }
        Command::Backup { path } => {
            let started = std::time::Instant::now();
            if path.exists() {
                return Err(format!("{} already exists; a backup never overwrites one", path.display()));
            }
            std::fs::create_dir_all(&path).map_err(|e| format!("can't create {}: {e}", path.display()))?;
            let db = path.join("tracker.db");
            let r = app::repo::backup::backup(&pool, &db).await.map_err(|e| e.to_string())?;
            println!(
                "backed up {} deals and {} revisions to {} ({:.1} MB, integrity ok)",
                r.deals,
                r.revisions,
                db.display(),
                r.bytes as f64 / 1e6,
            );
            // The documents the copy lists: any uploaded later are in the next backup.
            let listed = listed_documents(&db).await?;
            let to = app::documents::store::FolderStore::new(path.join("documents"));
            let c =
                app::documents::keep::check(documents.as_ref(), &listed, Some(&to)).map_err(|e| format!("copying the documents: {e}"))?;
            report_documents(&format!("documents copied to {}", to.dir().display()), &c)?;
            println!("backup complete in {:.1} s", started.elapsed().as_secs_f64());
            Ok(())
        }
        Command::Documents { command: DocumentsCommand::Verify } => {
            let started = std::time::Instant::now();
            let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
            let listed: Vec<String> =
                app::repo::documents::all(&mut conn).await.map_err(|e| e.to_string())?.into_iter().map(|(s, _)| s).collect();
            drop(conn);
            let c = app::documents::keep::check(documents.as_ref(), &listed, None).map_err(|e| format!("reading the documents: {e}"))?;
            report_documents(&format!("checked in {:.1} s", started.elapsed().as_secs_f64()), &c)
        }
        // Handled above, before the database is opened.
        Command::Restore { .. } => Ok(()),
        Command::User { command: UserCommand::ResetPassword { handle } } => {
            let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
            let Some(record) = app::repo::users::by_handle(&mut conn, &handle).await.map_err(|e| e.to_string())? else {
                return Err(format!("there is no account {handle}"));
            };
            drop(conn);
            let password = read_password()?;
            let hash = app::web::auth::hash_password(password).await.map_err(|e| e.msg().to_string())?;
            let mut tx = app::repo::begin_write(&pool).await.map_err(|e| e.to_string())?;
            app::repo::users::set_password(&mut tx, record.viewer.id, &hash).await.map_err(|e| e.to_string())?;
            app::repo::audit::record(&mut tx, None, "password_reset", Some(&handle), Some("command line"), None)
                .await
                .map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())?;
            println!("password of {handle} changed; its sessions ended");
            Ok(())
        }
    }
}
