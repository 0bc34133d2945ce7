//! `CreateTicketFunction`: see [`helpdesk_functions::http::tickets::create_ticket`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::files, http::tickets::create_ticket)
}
