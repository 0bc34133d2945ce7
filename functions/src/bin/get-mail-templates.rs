//! `GetMailTemplatesFunction`: see [`helpdesk_functions::http::settings::get_mail_templates`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::settings::get_mail_templates)
}
