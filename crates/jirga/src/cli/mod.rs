//! `jirga`: every command. Client commands sign locally with the member's key file and talk to
//! the server over HTTP; server commands work on a data folder.

pub mod client;
mod crossing;
mod data;
mod event;
mod filing;
mod hotline;
mod keeping;
mod monitor;
mod obligation;
mod proofs;
mod queue;
mod sent;
mod serving;
mod translation;
mod verification;
mod violation;
mod window;

use crate::server::{self, Config};
use anyhow::{bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use clap::{Args, Parser, Subcommand};
use client::{load_key, Client};
use model::statement::{Kind, Visibility};
use model::{KeyFile, SecretKey, StatementId};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "jirga", version, about = "Joint ceasefire monitoring on a signed, witnessed log")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DataArgs {
    /// The data folder (SQLite database, log key).
    #[arg(long, env = "JIRGA_DATA", default_value = "jirga-data")]
    data: PathBuf,
    /// A database URL instead of SQLite in the data folder: postgres://user:pass@host/db
    #[arg(long, env = "JIRGA_DATABASE")]
    database: Option<String>,
    /// Where evidence files are kept: s3://bucket[/prefix] (endpoint and credentials from the
    /// AWS_* environment variables) or a folder; default: the folder `evidence` in the data folder.
    #[arg(long, env = "JIRGA_EVIDENCE")]
    evidence: Option<String>,
}

impl DataArgs {
    fn config(&self) -> Config {
        Config { data: self.data.clone(), database: self.database.clone(), evidence: self.evidence.clone() }
    }
}

#[derive(Args, Clone)]
struct ServerArgs {
    /// The Jirga server.
    #[arg(long, env = "JIRGA_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
}

#[derive(Args, Clone)]
struct KeyArgs {
    /// Your member key file (made with `jirga key new`).
    #[arg(long, env = "JIRGA_KEY")]
    key: PathBuf,
}

/// Loads the member's key file and signs in to the server with it.
async fn signed_in(server: &ServerArgs, key: &KeyArgs) -> Result<(client::Client, (KeyFile, SecretKey))> {
    let key = client::load_key(&key.key)?;
    let mut client = client::Client::new(&server.server);
    client.login(&key.1).await?;
    Ok((client, key))
}

#[derive(Subcommand)]
enum Command {
    /// Start a populated demo on embedded SQLite and print where to point a browser and curl.
    Demo {
        #[arg(long, default_value = "jirga-demo")]
        data: PathBuf,
        #[arg(long, default_value = "scenarios/durand-line")]
        scenario: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Delete the demo folder first.
        #[arg(long)]
        fresh: bool,
    },
    /// Serve a deployment.
    Serve {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        serve: serving::ServeArgs,
    },
    /// Audit a log: recompute the tree, check every signature, key and cosignature; exit non-zero
    /// naming the first bad entry.
    Audit {
        /// The server to audit.
        server: String,
        /// The log's public key (C2SP vkey); default: from the state file, else as the server states it.
        #[arg(long)]
        log_key: Option<String>,
        /// Where the auditor remembers what it saw, to catch a later fork or rollback.
        #[arg(long, default_value = "jirga-audit.json")]
        state: PathBuf,
        /// Sign in with this member key to check the bodies that member may read.
        #[arg(long)]
        key: Option<PathBuf>,
        /// Check only the headers, not the bodies.
        #[arg(long)]
        skip_bodies: bool,
    },
    /// Keep a party's own verified replica of a log and serve it read-only.
    Mirror {
        /// The server to follow.
        server: String,
        /// The mirror's folder (its own SQLite database).
        #[arg(long)]
        data: PathBuf,
        /// The log's public key (C2SP vkey). The mirror trusts nothing without it.
        #[arg(long)]
        log_key: String,
        /// A member key of the party: the bodies that party may read are kept too.
        #[arg(long)]
        key: Option<PathBuf>,
        #[arg(long, default_value = "127.0.0.1:8070")]
        listen: String,
        /// How often to follow the log, in seconds.
        #[arg(long, default_value_t = 5)]
        every: u64,
    },
    /// Run a witness (C2SP tlog-witness) for one or more logs.
    Witness {
        /// The witness's folder (its key and what it has cosigned).
        #[arg(long)]
        data: PathBuf,
        /// The witness's name, e.g. witness.example.org/pk (used when its key is made).
        #[arg(long)]
        name: String,
        /// A log key (C2SP vkey) this witness checks checkpoints against (repeat).
        #[arg(long = "log", required = true)]
        logs: Vec<String>,
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: String,
    },
    /// Create a deployment from a scenario: a log key and a genesis signed by the mediators.
    Init {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long)]
        scenario: PathBuf,
        /// An admin named in the genesis: PARTY:NAME:PUBLIC_KEY (repeat).
        #[arg(long = "admin", required = true)]
        admins: Vec<String>,
        /// A mediator admin's key file that signs the genesis (repeat; the first is the author).
        #[arg(long = "sign", required = true)]
        signers: Vec<PathBuf>,
    },
    /// Member keys.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Enrol a member's key in your party (admins).
    Enrol {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The member's public key (base64), or their key file.
        #[arg(long)]
        member: String,
        #[arg(long)]
        name: String,
        /// Comma-separated: reporter, liaison, duty_officer, investigator, spokesperson, observer, admin.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
    },
    /// Revoke a key of your party (admins), or your own.
    Revoke {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        member: String,
        #[arg(long)]
        reason: String,
    },
    /// File an incident report. (`jirga report daily|weekly|custom` writes a compliance report:
    /// `jirga report daily --help`.)
    Report(filing::ReportArgs),
    /// Answer another party's report.
    Respond(filing::RespondArgs),
    /// What waits to be sent from this device (`jirga report … --queue`), and sending it.
    Queue {
        #[command(subcommand)]
        command: queue::QueueCommand,
    },
    /// Crossings: a side's status per class of traffic, exceptions, what passed, reported figures.
    Crossing {
        #[command(subcommand)]
        command: crossing::CrossingCommand,
    },
    /// Events: pairs of claims that look like one, linking claims, marking a repeat.
    Event {
        #[command(subcommand)]
        command: event::EventCommand,
    },
    /// Violations: from a final finding to a decision and its follow-up.
    Violation {
        #[command(subcommand)]
        command: violation::ViolationCommand,
    },
    /// Obligations: performance reports and answers, verification visits, outcomes and signatures.
    Obligation {
        #[command(subcommand)]
        command: obligation::ObligationCommand,
    },
    /// Signed translations of a statement's words, and disputes of them.
    Translation {
        #[command(subcommand)]
        command: translation::TranslationCommand,
    },
    /// The register of actors who are not parties (armed groups and others).
    Actor {
        #[command(subcommand)]
        command: obligation::ActorCommand,
    },
    /// Windows of silence: ask for one, agree to one.
    Window {
        #[command(subcommand)]
        command: window::WindowCommand,
    },
    /// List incidents.
    Incidents(filing::IncidentsArgs),
    /// Show an incident with its versions and responses side by side.
    Show {
        #[command(flatten)]
        server: ServerArgs,
        #[arg(long, env = "JIRGA_KEY")]
        key: Option<PathBuf>,
        id: String,
    },
    /// The log: checkpoints and proofs, verified here.
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Verify a proof bundle (`jirga log bundle`) here, with no network at all.
    VerifyBundle(proofs::VerifyArgs),
    /// Write the whole record into a folder any party can keep: the log's tiles, the bodies, the
    /// evidence index, the reports, and a manifest of them all.
    Archive(proofs::ArchiveArgs),
    /// Verify an archive (`jirga archive`) here, with no network at all.
    VerifyArchive(proofs::VerifyArchiveArgs),
    /// Watch the log for statements under your key (or your members') that your client did not
    /// send, and alert on the console and by email.
    Monitor(monitor::MonitorArgs),
    /// The hotline's terminal console (live feed, send, acknowledge), and its one-shot commands.
    Hotline {
        #[command(subcommand)]
        command: hotline::HotlineCommand,
    },
    /// Evidence files: add (upload and register), get, custody, transfer.
    Evidence {
        #[command(subcommand)]
        command: verification::EvidenceCommand,
    },
    /// Joint investigations: open, note, close, show.
    Investigation {
        #[command(subcommand)]
        command: verification::InvestigationCommand,
    },
    /// Findings: draft, sign (concur or dissent).
    Finding {
        #[command(subcommand)]
        command: verification::FindingCommand,
    },
    /// Alleged, verified and rejected breaches per clause and party.
    Commitments {
        #[command(flatten)]
        server: ServerArgs,
        #[arg(long, env = "JIRGA_KEY")]
        key: Option<PathBuf>,
    },
    /// Benchmarks: append throughput, submit-to-checkpoint latency, incident list queries, web page
    /// server time, and more (`jirga bench --help`). They are their own program, `jirga-bench`
    /// beside this one (crates/bench), which this runs with the arguments.
    #[command(disable_help_flag = true)]
    Bench {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
    /// Import reference events (UCDP GED, ACLED): context for the map and the reports, kept apart
    /// from the parties' statements.
    Import {
        #[command(subcommand)]
        command: data::ImportCommand,
    },
    /// Copy the database into a new folder while the server runs (SQLite's online copy, or
    /// pg_dump), with a manifest of the log's checkpoint and registered evidence files.
    Backup {
        #[command(flatten)]
        data: DataArgs,
        /// The folder to create.
        to: PathBuf,
    },
    /// Install a backup into an empty database, checked against the checkpoints the witnesses
    /// hold: a copy older than what they cosigned (a rollback) is refused.
    Restore {
        #[command(flatten)]
        data: DataArgs,
        /// The backup's folder.
        from: PathBuf,
        /// A witness of the deployment: NAME=URL (repeat; name every one you can reach).
        #[arg(long = "witness")]
        witnesses: Vec<String>,
        /// Restore a copy older than what the witnesses cosigned anyway; every server on it then
        /// announces the rollback.
        #[arg(long)]
        accept_rollback: bool,
    },
    /// Recreate the projection from the log and the stored bodies, and compare with the live tables.
    Rebuild {
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Make a new member key file (the secret key never leaves it).
    New {
        #[arg(long)]
        name: String,
        #[arg(long)]
        party: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum LogCommand {
    /// Fetch the latest checkpoint and verify its signature.
    Checkpoint {
        #[command(flatten)]
        server: ServerArgs,
        /// The log's public key (C2SP vkey); default: as the server states it.
        #[arg(long)]
        log_key: Option<String>,
    },
    /// Prove that a statement is in the log, and verify the proof here.
    Prove {
        #[command(flatten)]
        server: ServerArgs,
        #[arg(long)]
        log_key: Option<String>,
        id: String,
    },
    /// Write a statement's proof bundle to a file, verified here first (docs/BUNDLE.md).
    Bundle(proofs::BundleArgs),
    /// Write the log as static files (C2SP tlog-tiles, the checkpoints, the public statements)
    /// that any web server can serve and `jirga audit` can check; run it again as the log grows.
    Export {
        #[command(flatten)]
        data: DataArgs,
        /// The folder to write (created if need be; an earlier export of this log is extended), or
        /// s3://bucket[/prefix] (endpoint and credentials from the AWS_* environment variables).
        #[arg(long)]
        out: String,
    },
}

fn visibility(s: &str) -> Result<Visibility> {
    Visibility::parse(s).with_context(|| format!("visibility {s:?}: use public, joint, mediators or party"))
}

fn member_key(s: &str) -> Result<model::PublicKey> {
    if std::path::Path::new(s).exists() {
        return Ok(load_key(std::path::Path::new(s))?.0.public);
    }
    model::PublicKey::parse(s).with_context(|| format!("{s:?} is neither a key file nor a base64 public key"))
}

fn print_json(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// `jirga report daily|weekly|custom …` writes a compliance report, `jirga report --key …` files
/// an incident: clap cannot give one command both required flags and subcommands, so the word
/// after `report` decides which parser reads the line.
#[derive(Parser)]
#[command(name = "jirga report", bin_name = "jirga report")]
struct ComplianceCli {
    #[command(subcommand)]
    period: data::ReportPeriod,
}

pub async fn run_args(args: Vec<std::ffi::OsString>) -> Result<()> {
    sent::start_recording();
    let compliance = args.get(1).is_some_and(|a| a == "report")
        && args.get(2).is_some_and(|a| ["daily", "weekly", "custom"].iter().any(|p| a == p));
    if compliance {
        return data::report(ComplianceCli::parse_from(&args[1..]).period).await;
    }
    run(Cli::parse_from(args)).await
}

pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Demo { data, scenario, listen, fresh } => serving::demo(data, scenario, listen, fresh).await,
        Command::Serve { data, serve } => serving::serve(data.config(), serve.options()?).await,
        Command::Audit { server, log_key, state, key, skip_bodies } => {
            let opts = crate::audit::Options { server, log_key, state: Some(state), key, check_bodies: !skip_bodies };
            match crate::audit::audit(&opts).await {
                Ok(s) => {
                    println!("audit passed: {} entries, root {}", s.size, s.root);
                    println!(
                        "  log signature verified; {} of {} required witness cosignatures",
                        s.cosignatures, s.quorum
                    );
                    println!(
                        "  every statement's signature, key and role checked; {} bodies match their hashes, {} sealed",
                        s.bodies_checked, s.sealed
                    );
                    if let Some(p) = s.previous_size {
                        println!("  consistent with the {p} entries seen last time");
                    }
                    Ok(())
                }
                Err(e) => bail!("AUDIT FAILED: {e:#}"),
            }
        }
        Command::Mirror { server, data, log_key, key, listen, every } => {
            std::fs::create_dir_all(&data)?;
            let url = format!("sqlite://{}", data.join("mirror.db").display());
            let mut mirror = crate::mirror::Mirror::open(&server, &url, &log_key, key.as_deref()).await?;
            let added = mirror.sync().await?;
            let listener =
                tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("listening on {listen}"))?;
            println!(
                "mirror of {server}: {added} entries verified and kept; serving read-only on http://{}",
                listener.local_addr()?
            );
            let state = mirror.state.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_secs(every)).await;
                    match mirror.sync().await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(entries = n, "mirrored"),
                        Err(e) => {
                            tracing::error!(error = %format!("{e:#}"), "the upstream log did not verify; nothing kept")
                        }
                    }
                }
            });
            server::serve(listener, state, serving::shutdown_signal()).await
        }
        Command::Witness { data, name, logs, listen } => {
            let logs = logs
                .iter()
                .map(|k| ledger::note::Verifier::parse(k).map_err(|e| anyhow::anyhow!("--log {k:?}: {e}")))
                .collect::<Result<Vec<_>>>()?;
            let witness = Arc::new(crate::witness::Witness::open(&data, &name, logs)?);
            let listener =
                tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("listening on {listen}"))?;
            println!("witness {} on http://{}", witness.vkey(), listener.local_addr()?);
            axum::serve(listener, witness.router()).with_graceful_shutdown(serving::shutdown_signal()).await?;
            Ok(())
        }
        Command::Hotline { command } => hotline::hotline(command).await,
        Command::Evidence { command } => verification::evidence(command).await,
        Command::Investigation { command } => verification::investigation(command).await,
        Command::Finding { command } => verification::finding(command).await,
        Command::Commitments { server, key } => verification::commitments(server, key).await,
        Command::Init { data, scenario, admins, signers } => {
            serving::init(data.config(), scenario, admins, signers).await
        }
        Command::Key { command: KeyCommand::New { name, party, out } } => {
            let key = SecretKey::generate();
            let file = KeyFile::new(&name, &party, &key);
            server::write_secret(&out, &serde_json::to_string_pretty(&file)?)?;
            println!("{}", key.public());
            eprintln!("wrote {} (keep it secret; give your admin the public key above)", out.display());
            Ok(())
        }
        Command::Enrol { server, key, member, name, roles } => {
            for r in &roles {
                model::Role::parse(r).with_context(|| format!("unknown role {r:?}"))?;
            }
            let body = json!({"key": member_key(&member)?, "name": name, "roles": roles});
            let receipt = Client::new(&server.server)
                .submit(&load_key(&key.key)?, Kind::MemberEnrol, vec![], Visibility::Public, &body)
                .await?;
            print_json(&receipt);
            Ok(())
        }
        Command::Revoke { server, key, member, reason } => {
            let body = json!({"key": member_key(&member)?, "reason": reason});
            let receipt = Client::new(&server.server)
                .submit(&load_key(&key.key)?, Kind::MemberRevoke, vec![], Visibility::Public, &body)
                .await?;
            print_json(&receipt);
            Ok(())
        }
        Command::Report(args) => filing::report(args).await,
        Command::Respond(args) => filing::respond(args).await,
        Command::Queue { command } => queue::run(command).await,
        Command::Crossing { command } => crossing::run(command).await,
        Command::Window { command } => window::run(command).await,
        Command::Event { command } => event::run(command).await,
        Command::Violation { command } => violation::run(command).await,
        Command::Obligation { command } => obligation::run(command).await,
        Command::Actor { command } => obligation::run_actor(command).await,
        Command::Translation { command } => translation::run(command).await,
        Command::Incidents(args) => filing::incidents(args).await,
        Command::Show { server, key, id } => {
            let mut client = Client::new(&server.server);
            if let Some(k) = key {
                client.login(&load_key(&k)?.1).await?;
            }
            let detail: Value = client.get(&format!("/v1/incidents/{id}")).await?;
            print_json(&detail);
            Ok(())
        }
        Command::Log { command: LogCommand::Checkpoint { server, log_key } } => {
            let (cp, note, verifier) = Client::new(&server.server).verified_checkpoint(log_key.as_deref()).await?;
            print!("{note}");
            eprintln!("verified with {}: {} entries, root {}", verifier.to_vkey(), cp.size, B64.encode(cp.root));
            Ok(())
        }
        Command::Log { command: LogCommand::Prove { server, log_key, id } } => {
            filing::prove(&server.server, log_key.as_deref(), &id).await
        }
        Command::Log { command: LogCommand::Bundle(args) } => proofs::bundle(args).await,
        Command::VerifyBundle(args) => proofs::verify_bundle(args),
        Command::Archive(args) => proofs::archive(args).await,
        Command::VerifyArchive(args) => proofs::verify_archive(args),
        Command::Monitor(args) => monitor::run(args).await,
        Command::Log { command: LogCommand::Export { data, out } } => {
            crate::static_log::run(&data.config(), &out).await
        }
        Command::Bench { args } => serving::bench(args),
        Command::Import { command } => data::import(command).await,
        Command::Backup { data, to } => keeping::backup(data.config(), to).await,
        Command::Restore { data, from, witnesses, accept_rollback } => {
            keeping::restore(data.config(), from, witnesses, accept_rollback).await
        }
        Command::Rebuild { data } => keeping::rebuild(data.config()).await,
    }
}

#[cfg(test)]
mod tests {
    /// Clap checks the whole command tree here rather than at a user's first run.
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
        super::ComplianceCli::command().debug_assert();
    }
}
