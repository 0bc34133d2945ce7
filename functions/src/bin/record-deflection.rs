//! `RecordDeflectionFunction`: see [`helpdesk_functions::http::kb::record_deflection`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::kb::record_deflection)
}
