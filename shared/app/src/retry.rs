//! The one retry policy for writes that lose a race.
//!
//! A conditional write fails when someone else changed the item first. Without
//! `If-Match` the use case reads again, lets the domain decide again and retries, up to
//! [`ATTEMPTS`] times with a short, growing, jittered pause; with `If-Match` a moved
//! version is the caller's answer (412), never retried. A transaction that only met
//! another at the same moment (`Contended`) is retried as is. Every loop in this crate
//! that retries uses [`Retry`].

use helpdesk_store::StoreError;

use crate::AppError;

/// Attempts before a use case gives up with [`AppError::Busy`].
pub const ATTEMPTS: u32 = 8;

/// One use case's attempts.
#[derive(Debug)]
pub struct Retry {
    what: &'static str,
    attempt: u32,
}

impl Retry {
    /// Attempts at changing `what` (named in the error when they run out).
    pub fn new(what: &'static str) -> Self {
        Self { what, attempt: 0 }
    }

    /// Waits before every attempt after the first; `Busy` when none is left.
    pub async fn next(&mut self) -> Result<u32, AppError> {
        if self.attempt >= ATTEMPTS {
            return Err(AppError::Busy(self.what));
        }
        if self.attempt > 0 {
            back_off(self.attempt).await;
        }
        self.attempt += 1;
        Ok(self.attempt)
    }

    /// Whether a write's failure is a lost race worth another attempt: always for a
    /// contended transaction, for a stale read only when the caller named no version.
    pub fn lost(&self, e: &StoreError, if_match: Option<u64>) -> bool {
        match e {
            StoreError::Contended => true,
            StoreError::Stale => if_match.is_none(),
            _ => false,
        }
    }
}

/// A short, growing, jittered pause.
async fn back_off(attempt: u32) {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() % 20)
        .unwrap_or(0);
    tokio::time::sleep(std::time::Duration::from_millis(u64::from(10 * attempt + jitter))).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn attempts_run_out_after_the_policy_and_only_races_are_retried() {
        let mut r = Retry::new("ticket");
        for n in 1..=ATTEMPTS {
            assert_eq!(r.next().await.unwrap(), n);
        }
        assert!(matches!(r.next().await, Err(AppError::Busy("ticket"))));
        assert!(r.lost(&StoreError::Stale, None));
        assert!(!r.lost(&StoreError::Stale, Some(3)), "If-Match: the caller decides");
        assert!(r.lost(&StoreError::Contended, Some(3)));
        assert!(!r.lost(&StoreError::NotFound("ticket"), None));
    }
}
