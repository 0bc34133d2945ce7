//! `BulkTicketsFunction`: see [`helpdesk_functions::http::tickets::bulk_tickets`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::tickets::bulk_tickets)
}
