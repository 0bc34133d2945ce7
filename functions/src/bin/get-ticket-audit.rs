//! `GetTicketAuditFunction`: see [`helpdesk_functions::http::tickets::get_ticket_audit`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::tickets::get_ticket_audit)
}
