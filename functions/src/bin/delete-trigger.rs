//! `DeleteTriggerFunction`: see [`helpdesk_functions::http::rules::delete_trigger`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::rules::delete_trigger)
}
