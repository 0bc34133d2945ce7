//! The buckets: raw inbound mail, and attachments and oversized mail bodies. [`Blobs`]
//! is what the application layer asks of them; [`S3`] (feature `s3`) answers with the
//! real buckets, [`Memory`] in memory for unit tests. Object keys are built in [`keys`]
//! only, always under the org's prefix.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

pub mod keys;

/// Which bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bucket {
    /// Raw mail as SES (or the webhook) received it.
    InboundMail,
    /// Attachments, and mail text too big for the table.
    Attachments,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("no object {0}")]
    Missing(String),
    #[error("S3 request failed")]
    S3(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub trait Blobs: Sync {
    fn put(
        &self,
        bucket: Bucket,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> impl Future<Output = Result<(), BlobError>> + Send;
    fn get(&self, bucket: Bucket, key: &str) -> impl Future<Output = Result<Vec<u8>, BlobError>> + Send;
}

/// The search bucket: each org's index files, immutable once written (keys from
/// [`keys::search_file`]).
pub trait IndexFiles: Sync {
    fn put_file(&self, key: &str, bytes: Vec<u8>) -> impl Future<Output = Result<(), BlobError>> + Send;
    fn get_file(&self, key: &str) -> impl Future<Output = Result<Vec<u8>, BlobError>> + Send;
}

/// A presigned request: the browser sends `method` to `url` with exactly `headers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presigned {
    pub url: String,
    pub method: String,
    pub headers: BTreeMap<String, String>,
}

/// An object as stored: its real size and its version (the ETag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub size: u64,
    pub etag: String,
}

/// Uploaded files in the attachments bucket: presigned uploads and downloads, and the
/// check of an upload (its size, its first bytes, its copy) pinned to the version read,
/// so bytes written after the check are never the ones served.
pub trait Files: Sync {
    /// A PUT of exactly `size` bytes of `content_type` to `key` (both signed).
    fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> impl Future<Output = Result<Presigned, BlobError>> + Send;
    /// A GET whose response carries `content_type` and `disposition`, whatever the object says.
    fn presign_get(
        &self,
        key: &str,
        content_type: &str,
        disposition: &str,
        ttl: Duration,
    ) -> impl Future<Output = Result<Presigned, BlobError>> + Send;
    /// The object's size and version, `None` when nothing was uploaded.
    fn stat(&self, key: &str) -> impl Future<Output = Result<Option<Stored>, BlobError>> + Send;
    /// The first `n` bytes of that version (fails if the object changed since).
    fn read_start(&self, key: &str, etag: &str, n: usize) -> impl Future<Output = Result<Vec<u8>, BlobError>> + Send;
    /// Copies that version to `to` as `content_type` (fails if the object changed since).
    fn copy_checked(
        &self,
        from: &str,
        etag: &str,
        to: &str,
        content_type: &str,
    ) -> impl Future<Output = Result<(), BlobError>> + Send;
    fn remove(&self, key: &str) -> impl Future<Output = Result<(), BlobError>> + Send;
    /// A whole object (a checked file, to send it by mail).
    fn read(&self, key: &str) -> impl Future<Output = Result<Vec<u8>, BlobError>> + Send;
    /// The value of the object's tag `name` (the malware scan's verdict).
    fn tag(&self, key: &str, name: &str) -> impl Future<Output = Result<Option<String>, BlobError>> + Send;
}

/// An object: its bytes and content type.
type Object = (Vec<u8>, String);

/// The buckets in memory.
#[derive(Debug, Default)]
pub struct Memory {
    objects: Mutex<BTreeMap<(Bucket, String), Object>>,
    /// The search bucket's files.
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    /// Object tags of the attachments bucket: (key, name) → value.
    tags: Mutex<BTreeMap<(String, String), String>>,
}

impl Memory {
    /// Tags an object of the attachments bucket (as a malware scanner would).
    pub fn set_tag(&self, key: &str, name: &str, value: &str) {
        if let Ok(mut t) = self.tags.lock() {
            t.insert((key.to_owned(), name.to_owned()), value.to_owned());
        }
    }

    /// The keys stored in a bucket, in order.
    pub fn keys(&self, bucket: Bucket) -> Vec<String> {
        self.objects
            .lock()
            .map(|o| o.keys().filter(|(b, _)| *b == bucket).map(|(_, k)| k.clone()).collect())
            .unwrap_or_default()
    }
}

impl Blobs for Memory {
    async fn put(&self, bucket: Bucket, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), BlobError> {
        if let Ok(mut o) = self.objects.lock() {
            o.insert((bucket, key.to_owned()), (bytes, content_type.to_owned()));
        }
        Ok(())
    }

    async fn get(&self, bucket: Bucket, key: &str) -> Result<Vec<u8>, BlobError> {
        self.objects
            .lock()
            .ok()
            .and_then(|o| o.get(&(bucket, key.to_owned())).map(|(b, _)| b.clone()))
            .ok_or_else(|| BlobError::Missing(key.to_owned()))
    }
}

/// An object's version in memory: a digest of its bytes.
fn etag(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Memory {
    fn object(&self, key: &str) -> Option<Object> {
        self.objects
            .lock()
            .ok()
            .and_then(|o| o.get(&(Bucket::Attachments, key.to_owned())).cloned())
    }

    fn presigned(method: &str, key: &str, headers: &[(&str, String)]) -> Presigned {
        Presigned {
            url: format!("memory://attachments/{key}"),
            method: method.to_owned(),
            headers: headers.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
        }
    }
}

impl Files for Memory {
    async fn presign_put(&self, key: &str, content_type: &str, size: u64, _: Duration) -> Result<Presigned, BlobError> {
        Ok(Self::presigned(
            "PUT",
            key,
            &[
                ("content-type", content_type.to_owned()),
                ("content-length", size.to_string()),
            ],
        ))
    }

    async fn presign_get(
        &self,
        key: &str,
        content_type: &str,
        disposition: &str,
        _: Duration,
    ) -> Result<Presigned, BlobError> {
        let mut p = Self::presigned("GET", key, &[]);
        p.url = format!("{}?content-type={content_type}&disposition={disposition}", p.url);
        Ok(p)
    }

    async fn stat(&self, key: &str) -> Result<Option<Stored>, BlobError> {
        Ok(self.object(key).map(|(b, _)| Stored {
            size: b.len() as u64,
            etag: etag(&b),
        }))
    }

    async fn read_start(&self, key: &str, tag: &str, n: usize) -> Result<Vec<u8>, BlobError> {
        match self.object(key) {
            Some((b, _)) if etag(&b) == tag => Ok(b.into_iter().take(n).collect()),
            _ => Err(BlobError::Missing(key.to_owned())),
        }
    }

    async fn copy_checked(&self, from: &str, tag: &str, to: &str, content_type: &str) -> Result<(), BlobError> {
        match self.object(from) {
            Some((b, _)) if etag(&b) == tag => self.put(Bucket::Attachments, to, b, content_type).await,
            _ => Err(BlobError::Missing(from.to_owned())),
        }
    }

    async fn read(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        self.get(Bucket::Attachments, key).await
    }

    async fn tag(&self, key: &str, name: &str) -> Result<Option<String>, BlobError> {
        Ok(self
            .tags
            .lock()
            .ok()
            .and_then(|t| t.get(&(key.to_owned(), name.to_owned())).cloned()))
    }

    async fn remove(&self, key: &str) -> Result<(), BlobError> {
        if let Ok(mut o) = self.objects.lock() {
            o.remove(&(Bucket::Attachments, key.to_owned()));
        }
        Ok(())
    }
}

impl IndexFiles for Memory {
    async fn put_file(&self, key: &str, bytes: Vec<u8>) -> Result<(), BlobError> {
        if let Ok(mut f) = self.files.lock() {
            f.insert(key.to_owned(), bytes);
        }
        Ok(())
    }

    async fn get_file(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        self.files
            .lock()
            .ok()
            .and_then(|f| f.get(key).cloned())
            .ok_or_else(|| BlobError::Missing(key.to_owned()))
    }
}

impl Memory {
    /// The search bucket's keys, in order.
    pub fn file_keys(&self) -> Vec<String> {
        self.files
            .lock()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// The real buckets.
#[cfg(feature = "s3")]
#[derive(Debug, Clone)]
pub struct S3 {
    pub client: aws_sdk_s3::Client,
    pub inbound_bucket: String,
    pub attachments_bucket: String,
}

#[cfg(feature = "s3")]
impl S3 {
    fn bucket(&self, b: Bucket) -> &str {
        match b {
            Bucket::InboundMail => &self.inbound_bucket,
            Bucket::Attachments => &self.attachments_bucket,
        }
    }
}

#[cfg(feature = "s3")]
impl Blobs for S3 {
    async fn put(&self, bucket: Bucket, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), BlobError> {
        put_object(&self.client, self.bucket(bucket), key, bytes, content_type).await
    }

    async fn get(&self, bucket: Bucket, key: &str) -> Result<Vec<u8>, BlobError> {
        get_object(&self.client, self.bucket(bucket), key).await
    }
}

#[cfg(feature = "s3")]
async fn put_object(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    bytes: Vec<u8>,
    content_type: &str,
) -> Result<(), BlobError> {
    client
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type(content_type)
        .body(bytes.into())
        .send()
        .await
        .map_err(|e| BlobError::S3(Box::new(e)))?;
    Ok(())
}

#[cfg(feature = "s3")]
async fn get_object(client: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Result<Vec<u8>, BlobError> {
    let out = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|e| BlobError::S3(Box::new(e)))?;
    let body = out.body.collect().await.map_err(|e| BlobError::S3(Box::new(e)))?;
    Ok(body.into_bytes().to_vec())
}

/// The search bucket in S3.
#[cfg(feature = "s3")]
#[derive(Debug, Clone)]
pub struct SearchBucket {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
}

#[cfg(feature = "s3")]
impl IndexFiles for SearchBucket {
    async fn put_file(&self, key: &str, bytes: Vec<u8>) -> Result<(), BlobError> {
        put_object(&self.client, &self.bucket, key, bytes, "application/octet-stream").await
    }

    async fn get_file(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        get_object(&self.client, &self.bucket, key).await
    }
}

/// The attachments bucket's uploaded files.
#[cfg(feature = "s3")]
#[derive(Debug, Clone)]
pub struct FileBucket {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
}

#[cfg(feature = "s3")]
fn s3<E: std::error::Error + Send + Sync + 'static>(e: E) -> BlobError {
    BlobError::S3(Box::new(e))
}

#[cfg(feature = "s3")]
fn presigned(p: &aws_sdk_s3::presigning::PresignedRequest) -> Presigned {
    Presigned {
        url: p.uri().to_owned(),
        method: p.method().to_owned(),
        headers: p
            .headers()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
            .collect(),
    }
}

#[cfg(feature = "s3")]
impl Files for FileBucket {
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> Result<Presigned, BlobError> {
        let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(ttl).map_err(s3)?;
        let p = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(i64::try_from(size).unwrap_or(i64::MAX))
            .presigned(config)
            .await
            .map_err(s3)?;
        Ok(presigned(&p))
    }

    async fn presign_get(
        &self,
        key: &str,
        content_type: &str,
        disposition: &str,
        ttl: Duration,
    ) -> Result<Presigned, BlobError> {
        let config = aws_sdk_s3::presigning::PresigningConfig::expires_in(ttl).map_err(s3)?;
        let p = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .response_content_type(content_type)
            .response_content_disposition(disposition)
            // A download link is for one person: no shared cache keeps it.
            .response_cache_control("private, no-store")
            .presigned(config)
            .await
            .map_err(s3)?;
        Ok(presigned(&p))
    }

    async fn stat(&self, key: &str) -> Result<Option<Stored>, BlobError> {
        match self.client.head_object().bucket(&self.bucket).key(key).send().await {
            Ok(out) => Ok(Some(Stored {
                size: out
                    .content_length()
                    .and_then(|n| u64::try_from(n).ok())
                    .unwrap_or_default(),
                etag: out.e_tag().unwrap_or_default().to_owned(),
            })),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(e) => Err(s3(e)),
        }
    }

    async fn read_start(&self, key: &str, etag: &str, n: usize) -> Result<Vec<u8>, BlobError> {
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .if_match(etag)
            .range(format!("bytes=0-{}", n.saturating_sub(1)))
            .send()
            .await
            .map_err(s3)?;
        let body = out.body.collect().await.map_err(s3)?;
        let mut bytes = body.into_bytes().to_vec();
        bytes.truncate(n);
        Ok(bytes)
    }

    async fn copy_checked(&self, from: &str, etag: &str, to: &str, content_type: &str) -> Result<(), BlobError> {
        self.client
            .copy_object()
            .bucket(&self.bucket)
            .copy_source(format!("{}/{from}", self.bucket))
            .copy_source_if_match(etag)
            .key(to)
            .content_type(content_type)
            .metadata_directive(aws_sdk_s3::types::MetadataDirective::Replace)
            .send()
            .await
            .map_err(s3)?;
        Ok(())
    }

    async fn read(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        get_object(&self.client, &self.bucket, key).await
    }

    async fn tag(&self, key: &str, name: &str) -> Result<Option<String>, BlobError> {
        let out = self
            .client
            .get_object_tagging()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(s3)?;
        Ok(out
            .tag_set()
            .iter()
            .find(|t| t.key() == name)
            .map(|t| t.value().to_owned()))
    }

    async fn remove(&self, key: &str) -> Result<(), BlobError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(s3)?;
        Ok(())
    }
}
