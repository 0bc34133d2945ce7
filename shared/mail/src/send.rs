//! Sending built mail. [`Sender`] is what the application layer asks; [`Ses`] (feature
//! `ses`) sends through SESv2 as raw MIME, [`Outbox`] keeps mail in memory for tests.

use std::future::Future;
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
#[error("the mail service refused the mail: {0}")]
pub struct SendError(pub String);

pub trait Sender: Sync {
    /// Sends raw MIME from `from` to `to`; answers the provider's message id.
    fn send_raw(&self, from: &str, to: &str, raw: Vec<u8>) -> impl Future<Output = Result<String, SendError>> + Send;
}

/// Mail kept in memory: (from, to, raw).
#[derive(Debug, Default)]
pub struct Outbox {
    pub sent: Mutex<Vec<(String, String, Vec<u8>)>>,
}

impl Outbox {
    /// The recipients so far, in order.
    pub fn recipients(&self) -> Vec<String> {
        self.sent
            .lock()
            .map(|s| s.iter().map(|(_, to, _)| to.clone()).collect())
            .unwrap_or_default()
    }
}

impl Sender for Outbox {
    async fn send_raw(&self, from: &str, to: &str, raw: Vec<u8>) -> Result<String, SendError> {
        let mut sent = self.sent.lock().map_err(|e| SendError(e.to_string()))?;
        sent.push((from.to_owned(), to.to_owned(), raw));
        Ok(format!("memory-{}", sent.len()))
    }
}

/// SESv2.
#[cfg(feature = "ses")]
#[derive(Debug, Clone)]
pub struct Ses(pub aws_sdk_sesv2::Client);

#[cfg(feature = "ses")]
impl Sender for Ses {
    async fn send_raw(&self, from: &str, to: &str, raw: Vec<u8>) -> Result<String, SendError> {
        use aws_sdk_sesv2::types::{Destination, EmailContent, RawMessage};
        let raw = RawMessage::builder()
            .data(aws_sdk_sesv2::primitives::Blob::new(raw))
            .build()
            .map_err(|e| SendError(e.to_string()))?;
        let sent = self
            .0
            .send_email()
            .from_email_address(from)
            .destination(Destination::builder().to_addresses(to).build())
            .content(EmailContent::builder().raw(raw).build())
            .send()
            .await
            .map_err(|e| SendError(aws_sdk_sesv2::error::DisplayErrorContext(&e).to_string()))?;
        Ok(sent.message_id().unwrap_or_default().to_owned())
    }
}
