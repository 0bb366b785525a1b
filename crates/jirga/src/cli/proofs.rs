//! Proofs that travel: `jirga log bundle` fetches a statement's proof bundle, checks it here and
//! writes it whole; `jirga verify-bundle` checks one later, anywhere, with no network at all.

use super::client::{load_key, statement_id, Client};
use super::queue::write_whole;
use super::ServerArgs;
use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub(super) struct BundleArgs {
    #[command(flatten)]
    server: ServerArgs,
    /// Sign in with this member key to include a body your party may read.
    #[arg(long, env = "JIRGA_KEY")]
    key: Option<PathBuf>,
    /// The log's public key (C2SP vkey); default: the one the server puts in the bundle.
    #[arg(long)]
    log_key: Option<String>,
    /// The statement's id.
    id: String,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub(super) struct VerifyArgs {
    /// The bundle file.
    file: PathBuf,
    /// The log's public key (C2SP vkey) you trust; default: the key inside the bundle, and the
    /// output says so.
    #[arg(long)]
    log_key: Option<String>,
}

/// Fetches the bundle of a statement (signed in with the key, to include a body that member
/// may read), verifies it with the given log key or the key inside it, and writes it whole.
pub(super) async fn bundle(args: BundleArgs) -> Result<()> {
    let BundleArgs { server, key, log_key, id, out } = args;
    let (log_key, out) = (log_key.as_deref(), out.as_path());
    let id = statement_id(&id, "the statement")?;
    let mut client = Client::new(&server.server);
    if let Some(k) = &key {
        client.login(&load_key(k)?.1).await?;
    }
    let path = format!("/v1/statements/{id}/bundle");
    // A statement just sent waits a few seconds for the witnesses' cosignatures.
    let mut text = client.get_text(&path).await;
    for _ in 0..10 {
        match &text {
            Err(e) if e.to_string().contains("not-yet-witnessed") => {
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                text = client.get_text(&path).await;
            }
            _ => break,
        }
    }
    let text = text?;
    let verified = crate::bundle::verify(text.as_bytes(), log_key)
        .context("the server's bundle does NOT verify; nothing written")?;
    write_whole(out, text.as_bytes())?;
    print!("{}", verified.report());
    eprintln!("wrote {}; `jirga verify-bundle {}` checks it offline", out.display(), out.display());
    Ok(())
}

/// Verifies a bundle file offline; an error says what does not hold.
pub(super) fn verify_bundle(args: VerifyArgs) -> Result<()> {
    let file = &args.file;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    match crate::bundle::verify(&bytes, args.log_key.as_deref()) {
        Ok(v) => {
            print!("{}", v.report());
            Ok(())
        }
        Err(e) => bail!("BUNDLE REFUSED: {e:#}"),
    }
}

#[derive(Args)]
pub(super) struct ArchiveArgs {
    #[command(flatten)]
    data: super::DataArgs,
    /// The folder to write: new or empty.
    #[arg(long)]
    out: PathBuf,
    /// Copy the evidence files too (evidence/files/<sha256>).
    #[arg(long)]
    with_files: bool,
    /// Whose copy it is: a party's id (PK, AF, …) for the bodies, reports and evidence index that
    /// party may read, or public; default: the mediators' copy (every body but another party's
    /// drafts). A party's copy holds nothing sealed from it.
    #[arg(long = "for")]
    reader: Option<String>,
}

#[derive(Args)]
pub(super) struct VerifyArchiveArgs {
    /// The archive's folder.
    folder: PathBuf,
    /// The log's public key (C2SP vkey) you trust; default: the key the manifest names, and the
    /// output says so.
    #[arg(long)]
    log_key: Option<String>,
}

/// Writes the archive of a data folder (docs/EXPORTS.md, "Archive").
pub(super) async fn archive(args: ArchiveArgs) -> Result<()> {
    let options = crate::archive::Options { with_files: args.with_files, reader: args.reader };
    crate::archive::run(&args.data.config(), &args.out, &options).await
}

/// Verifies an archive offline; an error names the first thing that does not hold.
pub(super) fn verify_archive(args: VerifyArchiveArgs) -> Result<()> {
    match crate::archive::verify(&args.folder, args.log_key.as_deref()) {
        Ok(v) => {
            print!("{}", v.report());
            Ok(())
        }
        Err(e) => bail!("ARCHIVE REFUSED: {e:#}"),
    }
}
