//! `local-gateway`: provisions the local stack from `template.yaml`, seeds the demo orgs,
//! serves the API on http://127.0.0.1:3000 (`GATEWAY_PORT`) and runs the event sources.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use anyhow::{Context, Result};
use local_gateway::{Clients, Options};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<()> {
    // Logs go to a file when asked, so the banner with the logins stays readable.
    match std::env::var("GATEWAY_LOG_FILE").ok().filter(|p| !p.is_empty()) {
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .with_context(|| format!("opening {path}"))?;
            helpdesk_platform::telemetry::init_local_to(std::sync::Mutex::new(file));
        }
        None => helpdesk_platform::telemetry::init_local(),
    }
    let port: u16 = env_or("GATEWAY_PORT", "3000")
        .parse()
        .context("GATEWAY_PORT must be a port number")?;
    let options = Options {
        addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        template: PathBuf::from(env_or("HELPDESK_TEMPLATE", "template.yaml")),
        seed: Some(PathBuf::from(env_or("HELPDESK_SEED", "infra/seed/demo.json"))),
        // Tests' stacks (with-stack.sh) say 0: they count on the plain seed.
        seed_history: env_or("HELPDESK_SEED_HISTORY", "1") != "0",
        prefix: env_or("HELPDESK_STACK", "dev"),
        event_sources: true,
        schedule_period: None,
        web_dir: PathBuf::from(env_or("GATEWAY_WEB_DIR", "web/dist")),
    };
    let gateway = local_gateway::start(Clients::from_env().await, options).await?;
    let url = gateway.url();
    println!();
    println!("  Helpdesk is running at {url}  (agents: {url}/inbox, customers: {url}/portal)");
    println!("  Help centers (no sign-in): {url}/help/acme  {url}/help/globex  (search: try \"pasword\")");
    println!("  Health:  {url}/healthz");
    println!("  Mail:    {url}/local/mail  (what the notifier sent, newest first)");
    if let Ok(log) = std::env::var("GATEWAY_LOG_FILE") {
        println!("  Logs:    {log}");
    }
    println!(
        "  Tables:  {}   Bus: {}",
        gateway.stack.tables.values().cloned().collect::<Vec<_>>().join(", "),
        gateway.stack.buses.values().cloned().collect::<Vec<_>>().join(", ")
    );
    println!(
        "  Seeded {} tickets. Sign in with POST {url}/local/login {{\"email\": ...}} as:",
        gateway.seeded_tickets
    );
    for u in &gateway.users {
        println!("    {:<24} {:<9} org {}  ({})", u.email, u.role, u.org_id, u.name);
    }
    println!();
    println!("  Try:");
    println!(
        "    TOKEN=$(curl -s -X POST {url}/local/login -H 'content-type: application/json' -d '{{\"email\":\"agent1@acme.test\"}}' | jq -r .token)"
    );
    println!(
        "    curl -s -X POST {url}/api/v1/tickets -H \"authorization: Bearer $TOKEN\" -H 'content-type: application/json' \\"
    );
    println!(
        "      -d '{{\"subject\":\"Printer on fire\",\"description\":\"Smoke everywhere\",\"customer_email\":\"customer1@acme.test\"}}'"
    );
    println!("  Mail in (org 10001 at support@acme.test, 10002 at support@globex.test), mail out:");
    println!("    infra/tools/deliver-mail.sh tests/mail/corpus/multipart-alternative.eml");
    println!("    curl -s {url}/local/mail");
    println!();
    tokio::signal::ctrl_c().await?;
    println!("stopping");
    Ok(())
}
