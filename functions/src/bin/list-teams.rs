//! `ListTeamsFunction`: see [`helpdesk_functions::http::people::list_teams`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::people::list_teams)
}
