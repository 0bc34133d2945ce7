//! `GetReportKnowledgeBaseFunction`: see [`helpdesk_functions::http::reports::get_report_knowledge_base`].
fn main() -> Result<(), helpdesk_platform::lambda::Error> {
    use helpdesk_functions::{deps, http};
    helpdesk_platform::lambda::http(deps::table, http::reports::get_report_knowledge_base)
}
