//! `RateTicketFunction`: see [`helpdesk_functions::http::csat::rate_ticket`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::csat::rate_ticket)
}
