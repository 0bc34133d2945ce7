//! `GetTicketCountsFunction`: see [`helpdesk_functions::http::reports::get_ticket_counts`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::reports::get_ticket_counts)
}
