//! `HelpArticleFeedbackFunction`: see [`helpdesk_functions::http::help::help_article_feedback`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::help::help_article_feedback)
}
