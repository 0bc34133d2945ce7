//! The caller's in-app notifications.

use helpdesk_domain::access::require_staff;
use helpdesk_domain::people::Notification;
use helpdesk_domain::{Caller, EventId};
use helpdesk_store::Notifications;

use crate::{AppError, AppResult};

/// The latest notifications shown.
const LATEST: i32 = 50;
const STAFF_ONLY: &str = "only staff may do this";

/// Newest first; only unread ones if asked. Staff only.
pub async fn list(store: &impl Notifications, caller: &Caller, unread_only: bool) -> AppResult<Vec<Notification>> {
    require_staff(caller, STAFF_ONLY)?;
    Ok(store
        .notifications(&caller.org_id, &caller.user_id, unread_only, LATEST)
        .await?)
}

/// Marks one of the caller's notifications read (404 for anyone else's).
pub async fn read(store: &impl Notifications, caller: &Caller, id: &str) -> AppResult<()> {
    require_staff(caller, STAFF_ONLY)?;
    let id = EventId::parse(id).map_err(|_| AppError::NotFound("notification"))?;
    Ok(store
        .mark_notification_read(&caller.org_id, &caller.user_id, id)
        .await?)
}
