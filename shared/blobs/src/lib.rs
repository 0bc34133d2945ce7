//! The buckets: raw inbound mail, and attachments and oversized mail bodies. [`Blobs`]
//! is what the application layer asks of them; [`S3`] (feature `s3`) answers with the
//! real buckets, [`Memory`] in memory for unit tests. Object keys are built in [`keys`]
//! only, always under the org's prefix.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;

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

/// An object: its bytes and content type.
type Object = (Vec<u8>, String);

/// The buckets in memory.
#[derive(Debug, Default)]
pub struct Memory {
    objects: Mutex<BTreeMap<(Bucket, String), Object>>,
    /// The search bucket's files.
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
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
