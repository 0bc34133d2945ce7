//! `PutCsatSettingsFunction`: see [`helpdesk_functions::http::csat::put_csat_settings`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::csat::put_csat_settings)
}
