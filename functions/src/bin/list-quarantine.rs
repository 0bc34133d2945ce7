//! `ListQuarantineFunction`: see [`helpdesk_functions::http::mail::list_quarantine`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::mail::list_quarantine)
}
