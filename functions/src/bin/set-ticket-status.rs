//! `SetTicketStatusFunction`: see [`helpdesk_functions::http::tickets::set_ticket_status`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::tickets::set_ticket_status)
}
