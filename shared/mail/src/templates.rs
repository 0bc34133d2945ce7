//! Mail wording: the default templates and the org's overrides, rendered with
//! MiniJinja. Rendering is strict (an unknown variable is an error, so a typo is caught
//! when the template is saved, not when a customer gets "Hello ,"), fuel-limited (an
//! admin's loop cannot stall the notifier), and escapes variables in HTML.

use std::collections::BTreeMap;

use helpdesk_domain::mail::{MailKind, MailTemplate, MailTemplates};
use helpdesk_domain::{DomainError, FieldError};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

/// Enough for any sensible mail; a runaway loop runs out.
const FUEL: u64 = 50_000;

/// A rendered template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

fn env(html: bool) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_auto_escape_callback(move |_| if html { AutoEscape::Html } else { AutoEscape::None });
    env
}

/// Renders `template` for `kind` with `vars`; only the kind's variables are visible.
pub fn render(kind: MailKind, template: &MailTemplate, vars: &BTreeMap<&str, String>) -> Result<Rendered, String> {
    // `a.b` is attribute `b` of object `a` (`satisfaction.links`).
    let mut ctx: BTreeMap<&str, Value> = BTreeMap::new();
    let mut nested: BTreeMap<&str, BTreeMap<&str, Value>> = BTreeMap::new();
    for k in kind.variables() {
        let v = Value::from(vars.get(k).cloned().unwrap_or_default());
        match k.split_once('.') {
            Some((object, attr)) => {
                nested.entry(object).or_default().insert(attr, v);
            }
            None => {
                ctx.insert(k, v);
            }
        }
    }
    ctx.extend(nested.into_iter().map(|(k, v)| (k, Value::from(v))));
    let ctx = Value::from(ctx);
    let text_env = env(false);
    let one = |field: &str, source: &str, env: &Environment<'_>| {
        env.render_str(source, ctx.clone()).map_err(|e| format!("{field}: {e}"))
    };
    let subject = one("subject", &template.subject, &text_env)?;
    Ok(Rendered {
        // A subject is one header line, whatever a variable holds.
        subject: subject
            .split(['\r', '\n'])
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_owned(),
        text: one("text", &template.text, &text_env)?,
        html: template
            .html
            .as_deref()
            .map(|h| one("html", h, &env(true)))
            .transpose()?,
    })
}

/// Checks an org's overrides: sizes, then each renders with sample values.
pub fn check(templates: &MailTemplates) -> Result<(), DomainError> {
    templates.validate()?;
    let mut errors = Vec::new();
    for (kind, t) in &templates.templates {
        let sample: BTreeMap<&str, String> = kind.variables().iter().map(|v| (*v, format!("<{v}>"))).collect();
        if let Err(e) = render(*kind, t, &sample) {
            let (field, msg) = e.split_once(": ").unwrap_or(("text", e.as_str()));
            errors.push(FieldError::new(
                format!("templates.{}.{field}", kind.as_str()),
                msg.to_owned(),
            ));
        }
    }
    // The shape was right; what it says does not render: 422.
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Unprocessable(errors))
    }
}

/// The wording every org starts with.
pub fn default_template(kind: MailKind) -> MailTemplate {
    let (subject, text) = match kind {
        MailKind::Acknowledgement => (
            "[{{ ticket_number }}] {{ ticket_subject }}",
            "Hello {{ customer_name }},\n\nwe received your request and will get back to you soon. Your ticket number is {{ ticket_number }}.\nYou can follow it here: {{ link }}\n\n{{ org_name }}\n",
        ),
        MailKind::Reply => (
            "Re: [{{ ticket_number }}] {{ ticket_subject }}",
            "{{ reply }}\n\n-- \n{{ agent_name }}, {{ org_name }}\nReply to this email or follow your ticket at {{ link }}\n",
        ),
        MailKind::Resolved => (
            "[{{ ticket_number }}] Resolved: {{ ticket_subject }}",
            "Hello {{ customer_name }},\n\nyour request {{ ticket_number }} has been resolved. If anything is still wrong, just reply to this email.\n{{ link }}\n{{ satisfaction.links }}\n{{ org_name }}\n",
        ),
        MailKind::Assigned => (
            "[{{ ticket_number }}] Assigned to you: {{ ticket_subject }}",
            "Hello {{ recipient_name }},\n\n{{ ticket_number }} from {{ customer_name }} ({{ priority }} priority) is now yours: {{ ticket_subject }}\nOpen it: {{ link }}\n\n{{ org_name }}\n",
        ),
        MailKind::SlaWarning => (
            "[{{ ticket_number }}] SLA warning: {{ metric }} due {{ due_at }}",
            "Hello {{ recipient_name }},\n\nthe {{ metric }} target of {{ ticket_number }} ({{ ticket_subject }}, {{ priority }} priority) is due at {{ due_at }}.\nAssignee: {{ agent_name }}\nOpen it: {{ link }}\n\n{{ org_name }}\n",
        ),
        MailKind::SlaBreached => (
            "[{{ ticket_number }}] SLA breached: {{ metric }}",
            "Hello {{ recipient_name }},\n\nthe {{ metric }} target of {{ ticket_number }} ({{ ticket_subject }}, {{ priority }} priority) was due at {{ due_at }} and is breached.\nAssignee: {{ agent_name }}\nOpen it: {{ link }}\n\n{{ org_name }}\n",
        ),
    };
    MailTemplate {
        subject: subject.to_owned(),
        text: text.to_owned(),
        html: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    #[test]
    fn every_default_renders_with_only_its_variables() {
        let ok = MailTemplates {
            templates: MailKind::ALL.iter().map(|k| (*k, default_template(*k))).collect(),
        };
        assert_eq!(check(&ok), Ok(()));
    }

    #[test]
    fn an_unknown_variable_or_bad_syntax_is_refused_with_its_field() {
        let mut t = MailTemplates::default();
        t.templates.insert(
            MailKind::Acknowledgement,
            MailTemplate {
                subject: "Hi {{ customer_nmae }}".into(),
                text: "{% if %}".into(),
                html: None,
            },
        );
        // `reply` is only known to the reply template.
        t.templates.insert(
            MailKind::Resolved,
            MailTemplate {
                subject: "Done".into(),
                text: "{{ reply }}".into(),
                html: None,
            },
        );
        // Well formed, but they do not render: 422, each with its field.
        let Err(DomainError::Unprocessable(errors)) = check(&t) else {
            panic!("refused")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["templates.acknowledgement.subject", "templates.resolved.text"]);
    }

    #[test]
    fn html_escapes_variables_and_subjects_stay_one_line() {
        let t = MailTemplate {
            subject: "{{ ticket_subject }}".into(),
            text: "{{ customer_name }}".into(),
            html: Some("<p>{{ customer_name }}</p>".into()),
        };
        let r = render(
            MailKind::Acknowledgement,
            &t,
            &vars(&[
                ("customer_name", "<script>x</script>"),
                ("ticket_subject", "a\r\nBcc: evil@example.com"),
            ]),
        )
        .unwrap();
        assert_eq!(r.html.as_deref(), Some("<p>&lt;script&gt;x&lt;&#x2f;script&gt;</p>"));
        assert_eq!(r.text, "<script>x</script>", "plain text is not escaped");
        assert_eq!(r.subject, "a  Bcc: evil@example.com");
    }

    #[test]
    fn a_runaway_loop_runs_out_of_fuel() {
        let t = MailTemplate {
            subject: "s".into(),
            text: "{% for a in customer_name %}{% for b in customer_name %}{% for c in customer_name %}.{% endfor %}{% endfor %}{% endfor %}".into(),
            html: None,
        };
        let long = "x".repeat(1000);
        let err = render(MailKind::Resolved, &t, &vars(&[("customer_name", &long)])).unwrap_err();
        assert!(err.contains("fuel"), "{err}");
    }
}
