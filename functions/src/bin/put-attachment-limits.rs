//! `PutAttachmentLimitsFunction`: see [`helpdesk_functions::http::attachments::put_attachment_limits`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::attachments::put_attachment_limits)
}
