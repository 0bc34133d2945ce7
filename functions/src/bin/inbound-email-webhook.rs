//! `InboundEmailWebhookFunction`: see [`helpdesk_functions::http::mail::inbound_email_webhook`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::webhook, http::mail::inbound_email_webhook)
}
