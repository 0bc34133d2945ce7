//! `ReadNotificationFunction`: see [`helpdesk_functions::http::notifications::read_notification`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::notifications::read_notification)
}
