//! `ListNotificationsFunction`: see [`helpdesk_functions::http::notifications::list_notifications`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::notifications::list_notifications)
}
