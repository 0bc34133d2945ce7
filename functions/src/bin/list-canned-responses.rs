//! `ListCannedResponsesFunction`: see [`helpdesk_functions::http::library::list_canned_responses`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::library::list_canned_responses)
}
