//! Canned bodies (and macro messages): MiniJinja like the mail templates, fuel-limited,
//! plain text. Checked on save strictly against sample values, so a template that
//! reads outside its variables (`{{ customer.phone }}`, `{{ secret }}`) is refused;
//! rendered leniently against the ticket's values now, so a value the helpdesk does
//! not know prints its fallback (`{{ customer.first_name | default("there") }}`) or
//! nothing. `{{ ask("order number") }}` prints what the agent answered for that label.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use helpdesk_domain::canned::{ASK_MAX, ASKS_MAX, Values, first_name};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};

/// Like the mail templates: enough for any answer, a runaway loop runs out.
const FUEL: u64 = 50_000;

/// A rendered body, the prompts it asked (in order) and those left unanswered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub asks: Vec<String>,
    pub missing: Vec<String>,
}

fn env(strict: bool, answers: BTreeMap<String, String>, asked: Arc<Mutex<Vec<String>>>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(if strict {
        UndefinedBehavior::Strict
    } else {
        UndefinedBehavior::Lenient
    });
    env.set_fuel(Some(FUEL));
    env.add_function("ask", move |label: String| -> Result<String, Error> {
        let label = label.trim().to_owned();
        if label.is_empty() || label.chars().count() > ASK_MAX {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("ask() takes a label of 1 to {ASK_MAX} characters"),
            ));
        }
        let mut asked = asked
            .lock()
            .map_err(|_| Error::new(ErrorKind::InvalidOperation, "poisoned"))?;
        if !asked.contains(&label) {
            if asked.len() >= ASKS_MAX {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("at most {ASKS_MAX} different ask() prompts"),
                ));
            }
            asked.push(label.clone());
        }
        Ok(answers.get(&label).cloned().unwrap_or_else(|| format!("[{label}]")))
    });
    env
}

fn context(v: &Values) -> Value {
    // Only known values: a missing one is undefined, so its fallback applies.
    let some = |pairs: Vec<(&str, Option<String>)>| -> Value {
        Value::from(
            pairs
                .into_iter()
                .filter_map(|(k, v)| {
                    v.filter(|v| !v.trim().is_empty())
                        .map(|v| (k.to_owned(), Value::from(v)))
                })
                .collect::<BTreeMap<String, Value>>(),
        )
    };
    let ticket = some(vec![
        ("number", Some(v.ticket_number.clone())),
        ("subject", Some(v.ticket_subject.clone())),
        ("status", Some(v.ticket_status.clone())),
        ("priority", Some(v.ticket_priority.clone())),
    ]);
    let customer = some(vec![
        ("name", v.customer_name.clone()),
        ("first_name", v.customer_name.as_deref().and_then(first_name)),
        ("email", v.customer_email.clone()),
    ]);
    let agent = some(vec![
        ("name", v.agent_name.clone()),
        ("first_name", v.agent_name.as_deref().and_then(first_name)),
    ]);
    let org = some(vec![("name", v.org_name.clone())]);
    Value::from(BTreeMap::from([
        ("ticket", ticket),
        ("customer", customer),
        ("agent", agent),
        ("org", org),
    ]))
}

/// Checks a body on save: it parses, reads only the documented variables, and stays in
/// its fuel and prompt limits. Returns its prompts, or the problem.
pub fn check(body: &str) -> Result<Vec<String>, String> {
    let sample = Values {
        ticket_number: "<ticket.number>".into(),
        ticket_subject: "<ticket.subject>".into(),
        ticket_status: "<ticket.status>".into(),
        ticket_priority: "<ticket.priority>".into(),
        customer_name: Some("<customer.name>".into()),
        customer_email: Some("<customer.email>".into()),
        agent_name: Some("<agent.name>".into()),
        org_name: Some("<org.name>".into()),
    };
    let asked = Arc::new(Mutex::new(Vec::new()));
    env(true, BTreeMap::new(), asked.clone())
        .render_str(body, context(&sample))
        .map_err(|e| e.to_string())?;
    let asks = asked.lock().map(|a| a.clone()).unwrap_or_default();
    Ok(asks)
}

/// Renders a body with the ticket's values now and the agent's answers.
pub fn render(body: &str, values: &Values, answers: &BTreeMap<String, String>) -> Result<Rendered, String> {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let text = env(false, answers.clone(), asked.clone())
        .render_str(body, context(values))
        .map_err(|e| e.to_string())?;
    let asks = asked.lock().map(|a| a.clone()).unwrap_or_default();
    let missing = asks.iter().filter(|a| !answers.contains_key(*a)).cloned().collect();
    Ok(Rendered {
        text: text.trim().to_owned(),
        asks,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            ticket_number: "HD-7".into(),
            ticket_subject: "Refund".into(),
            ticket_status: "open".into(),
            ticket_priority: "high".into(),
            customer_name: Some("Ada Lovelace".into()),
            customer_email: Some("ada@example.com".into()),
            agent_name: Some("Sam Agent".into()),
            org_name: Some("Acme".into()),
        }
    }

    #[test]
    fn values_fallbacks_and_answers_fill_the_body() {
        let body = "Hi {{ customer.first_name | default(\"there\") }}, order {{ ask(\"order number\") }} on {{ ticket.number }}. {{ agent.first_name }}";
        let r = render(
            body,
            &values(),
            &BTreeMap::from([("order number".into(), "A-1".into())]),
        )
        .unwrap();
        assert_eq!(r.text, "Hi Ada, order A-1 on HD-7. Sam");
        assert_eq!(
            (r.asks, r.missing),
            (vec!["order number".to_owned()], Vec::<String>::new())
        );
        // Without a name the fallback answers; an unanswered prompt stays visible.
        let nameless = Values {
            customer_name: None,
            ..values()
        };
        let r = render(body, &nameless, &BTreeMap::new()).unwrap();
        assert_eq!(r.text, "Hi there, order [order number] on HD-7. Sam");
        assert_eq!(r.missing, ["order number"]);
        // A missing value without a fallback prints nothing, not an error.
        assert_eq!(
            render("Hi {{ customer.name }}!", &nameless, &BTreeMap::new())
                .unwrap()
                .text,
            "Hi !"
        );
    }

    #[test]
    fn a_body_that_reads_outside_its_variables_is_refused_on_save() {
        assert!(check("{{ customer.phone }}").unwrap_err().contains("undefined"));
        assert!(check("{{ secrets }}").is_err());
        assert!(check("{% if %}").is_err());
        assert_eq!(
            check("{{ ask('a') }} {{ ask('b') }} {{ ask('a') }} {{ customer.first_name | default('there') }}").unwrap(),
            ["a", "b"]
        );
        let loop3 = "{% for a in range(100) %}{% for b in range(100) %}{% for c in range(100) %}.{% endfor %}{% endfor %}{% endfor %}";
        assert!(check(loop3).unwrap_err().contains("fuel"));
    }
}
