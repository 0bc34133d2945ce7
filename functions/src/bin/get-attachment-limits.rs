//! `GetAttachmentLimitsFunction`: see [`helpdesk_functions::http::attachments::get_attachment_limits`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::attachments::get_attachment_limits)
}
