//! `RenderCannedResponseFunction`: see [`helpdesk_functions::http::library::render_canned_response`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::library::render_canned_response)
}
