//! Object stores by location, as the operator writes them: `s3://bucket[/prefix]` (endpoint
//! and credentials from the AWS_* environment variables, as any S3 client reads them) or a
//! folder path (`file://` optional).

use anyhow::{Context, Result};
use object_store::ObjectStore;
use std::sync::Arc;

/// The object store at `location`; `what` names it in errors ("the evidence store").
pub fn open(location: &str, what: &str) -> Result<Arc<dyn ObjectStore>> {
    if location.starts_with("s3://") {
        let endpoint_is_http = std::env::var("AWS_ENDPOINT_URL")
            .or_else(|_| std::env::var("AWS_ENDPOINT"))
            .is_ok_and(|e| e.starts_with("http://"));
        let s3 = object_store::aws::AmazonS3Builder::from_env()
            .with_url(location)
            .with_allow_http(endpoint_is_http)
            .build()
            .with_context(|| format!("configuring {what} {location}"))?;
        return Ok(match location.trim_start_matches("s3://").split_once('/') {
            Some((_, prefix)) if !prefix.is_empty() => {
                Arc::new(object_store::prefix::PrefixStore::new(s3, prefix.trim_end_matches('/')))
            }
            _ => Arc::new(s3),
        });
    }
    let folder = location.strip_prefix("file://").unwrap_or(location);
    std::fs::create_dir_all(folder).with_context(|| format!("creating {what} folder {folder}"))?;
    Ok(Arc::new(
        object_store::local::LocalFileSystem::new_with_prefix(folder)
            .with_context(|| format!("opening {what} folder {folder}"))?,
    ))
}
