//! `RestoreArticleVersionFunction`: see [`helpdesk_functions::http::kb::restore_article_version`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::kb::restore_article_version)
}
