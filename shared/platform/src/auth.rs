//! The caller, from the claims API Gateway's JWT authorizer validated.
//!
//! API Gateway (and the local gateway, which copies it) puts the token's claims in
//! `requestContext.authorizer.jwt.claims` as strings; array claims arrive flattened as
//! `"[a b]"`. The org comes from `custom:org_id`, the role from `cognito:groups`.

use std::collections::HashMap;

use helpdesk_domain::{Caller, OrgId, Role, UserId};
use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt};

use crate::Problem;

pub const CLAIM_ORG: &str = "custom:org_id";
pub const CLAIM_GROUPS: &str = "cognito:groups";

/// The caller of an HTTP request, or 401 when the claims are missing or malformed.
pub fn caller(req: &Request) -> Result<Caller, Problem> {
    let claims = match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => {
            ctx.authorizer.as_ref().and_then(|a| a.jwt.as_ref()).map(|j| &j.claims)
        }
        _ => None,
    };
    claims.and_then(caller_from_claims).ok_or_else(Problem::unauthorized)
}

/// Maps claims to a caller. A user in several groups gets the widest role.
pub fn caller_from_claims(claims: &HashMap<String, String>) -> Option<Caller> {
    let user_id = UserId::parse(claims.get("sub")?).ok()?;
    let org_id = OrgId::parse(claims.get(CLAIM_ORG)?).ok()?;
    let role = parse_groups(claims.get(CLAIM_GROUPS)?)
        .into_iter()
        .filter_map(|g| Role::parse(&g))
        .max()?;
    Some(Caller {
        user_id,
        org_id,
        role,
        email: claims.get("email").cloned(),
    })
}

/// Accepts API Gateway's flattened `[a b]`, a JSON array, or a single group.
fn parse_groups(raw: &str) -> Vec<String> {
    if let Ok(list) = serde_json::from_str::<Vec<String>>(raw) {
        return list;
    }
    raw.trim_start_matches('[')
        .trim_end_matches(']')
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(groups: &str) -> HashMap<String, String> {
        HashMap::from([
            ("sub".into(), "agent-1".into()),
            (CLAIM_ORG.into(), "10001".into()),
            (CLAIM_GROUPS.into(), groups.into()),
        ])
    }

    #[test]
    fn groups_in_every_shape_api_gateway_sends() {
        assert_eq!(caller_from_claims(&claims("[agent]")).unwrap().role, Role::Agent);
        assert_eq!(
            caller_from_claims(&claims("[agent manager]")).unwrap().role,
            Role::Manager
        );
        assert_eq!(
            caller_from_claims(&claims(r#"["admin","agent"]"#)).unwrap().role,
            Role::Admin
        );
        assert_eq!(caller_from_claims(&claims("customer")).unwrap().role, Role::Customer);
    }

    #[test]
    fn no_known_group_or_no_org_means_no_caller() {
        assert!(caller_from_claims(&claims("[staff]")).is_none());
        let mut c = claims("[agent]");
        c.remove(CLAIM_ORG);
        assert!(caller_from_claims(&c).is_none());
        let mut c = claims("[agent]");
        c.insert(CLAIM_ORG.into(), "ORG#1".into());
        assert!(caller_from_claims(&c).is_none());
    }
}
