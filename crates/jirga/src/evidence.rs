//! The evidence store: files kept by their SHA-256 in a local folder or any S3-compatible store
//! (object_store). An upload is hashed while it is written and becomes visible only when it is
//! complete and its hash and size are the ones announced, so an interrupted or corrupted upload
//! leaves nothing behind under the file's name.

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::path::Path as ObjectPath;
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Parts of this size are written to the store, at most `PARTS_IN_FLIGHT` at a time: an
/// upload's memory is bounded by their product whatever the file's size.
const PART_BYTES: usize = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT: usize = 2;

#[derive(Clone)]
pub struct EvidenceStore {
    store: Arc<dyn ObjectStore>,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    /// Where it is, for messages (no credentials).
    pub location: String,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than this server accepts ({max} bytes)")]
    TooLarge { max: u64 },
    #[error("the upload's SHA-256 is {actual}, not {expected}: nothing was stored")]
    HashMismatch { expected: String, actual: String },
    #[error("the upload has {actual} bytes, not the {expected} announced: nothing was stored")]
    SizeMismatch { expected: u64, actual: u64 },
    #[error("the upload was interrupted: nothing was stored ({0})")]
    Interrupted(String),
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

/// What an upload did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    New,
    /// The same bytes were already stored: nothing was written.
    AlreadyStored,
}

pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024 * 1024;

impl EvidenceStore {
    /// `s3://bucket[/prefix]` (credentials and endpoint from the AWS_* environment variables)
    /// or a folder path (`file://` optional).
    pub fn open(location: &str, max_bytes: u64) -> Result<EvidenceStore> {
        let store = crate::objects::open(location, "the evidence store")?;
        Ok(EvidenceStore { store, max_bytes, location: location.to_string() })
    }

    fn path(sha256: &str) -> ObjectPath {
        ObjectPath::from(format!("sha256/{}/{sha256}", &sha256[..2]))
    }

    /// The size of the stored file, if it is stored.
    pub async fn size(&self, sha256: &str) -> Result<Option<u64>> {
        match self.store.head(&Self::path(sha256)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(anyhow::Error::from(e).context("asking the evidence store")),
        }
    }

    /// Stores the bytes of `body` as the file `sha256`, hashing them on the way; commits only if
    /// the hash (and the size, when announced) match.
    pub async fn put<S, E>(&self, sha256: &str, size: Option<u64>, mut body: S) -> Result<Stored, UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        if size.is_some_and(|s| s > self.max_bytes) {
            return Err(UploadError::TooLarge { max: self.max_bytes });
        }
        if self.size(sha256).await?.is_some() {
            return Ok(Stored::AlreadyStored);
        }
        let upload = self.store.put_multipart(&Self::path(sha256)).await.map_err(anyhow::Error::from)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut hasher = Sha256::new();
        let mut total = 0u64;
        let failure = loop {
            let chunk = match body.next().await {
                None => break None,
                Some(Err(e)) => break Some(UploadError::Interrupted(e.to_string())),
                Some(Ok(c)) => c,
            };
            total += chunk.len() as u64;
            if total > self.max_bytes || size.is_some_and(|s| total > s) {
                break Some(match size {
                    Some(expected) if total > expected && expected <= self.max_bytes => {
                        UploadError::SizeMismatch { expected, actual: total }
                    }
                    _ => UploadError::TooLarge { max: self.max_bytes },
                });
            }
            hasher.update(&chunk);
            if let Err(e) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                break Some(UploadError::Store(e.into()));
            }
            writer.put(chunk);
        };
        let actual = hex::encode(hasher.finalize());
        let failure = failure.or_else(|| match size {
            Some(expected) if expected != total => Some(UploadError::SizeMismatch { expected, actual: total }),
            _ if actual != sha256 => Some(UploadError::HashMismatch { expected: sha256.to_string(), actual }),
            _ => None,
        });
        if let Some(e) = failure {
            if let Err(abort) = writer.abort().await {
                tracing::warn!(error = %abort, "aborting an evidence upload failed; parts may remain in the store");
            }
            return Err(e);
        }
        writer.finish().await.map_err(anyhow::Error::from)?;
        Ok(Stored::New)
    }

    /// The file's bytes from `range` (first, last inclusive) or all of them, as a stream.
    pub async fn get(
        &self,
        sha256: &str,
        range: Option<(u64, u64)>,
    ) -> Result<impl Stream<Item = object_store::Result<Bytes>> + Send + 'static> {
        let options = GetOptions { range: range.map(|(a, b)| GetRange::Bounded(a..b + 1)), ..Default::default() };
        let got = self.store.get_opts(&Self::path(sha256), options).await.context("reading from the evidence store")?;
        Ok(got.into_stream())
    }

    /// Checks that the store can be written and read back (at start, so a bad configuration
    /// is reported before anyone uploads).
    pub async fn check(&self) -> Result<()> {
        let probe = ObjectPath::from("probe/jirga-start");
        self.store.put(&probe, Bytes::from_static(b"ok").into()).await.context("writing to the evidence store")?;
        let back = self.store.get(&probe).await.context("reading the evidence store")?.bytes().await?;
        if back.as_ref() != b"ok" {
            bail!("the evidence store returned other bytes than were written");
        }
        Ok(())
    }
}
