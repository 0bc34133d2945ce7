//! `RateCsatFunction`: see [`helpdesk_functions::http::csat::rate_csat`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::surveys, http::csat::rate_csat)
}
