//! `GetReportCsatFunction`: see [`helpdesk_functions::http::csat::get_report_csat`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::csat::get_report_csat)
}
