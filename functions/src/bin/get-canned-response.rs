//! `GetCannedResponseFunction`: see [`helpdesk_functions::http::library::get_canned_response`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::library::get_canned_response)
}
