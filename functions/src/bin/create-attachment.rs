//! `CreateAttachmentFunction`: see [`helpdesk_functions::http::attachments::create_attachment`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::files, http::attachments::create_attachment)
}
