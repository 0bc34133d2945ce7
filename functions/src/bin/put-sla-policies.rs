//! `PutSlaPoliciesFunction`: see [`helpdesk_functions::http::settings::put_sla_policies`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::settings::put_sla_policies)
}
