//! Reads `template.yaml`: the functions with their triggers, and the resources the local
//! emulators must have. Local routes and resources come from here, so local and cloud
//! cannot drift. Only the short-form intrinsics the template uses are understood
//! (`!Ref X`, `!GetAtt X.Attr`); anything else is an error, not a guess.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use serde_yaml::Value;
use serde_yaml::value::TaggedValue;

#[derive(Debug, Clone)]
pub struct Template {
    pub functions: Vec<Function>,
    pub tables: Vec<TableDef>,
    pub queues: Vec<QueueDef>,
    pub buses: Vec<String>,
    pub rules: Vec<RuleDef>,
    pub buckets: Vec<String>,
    /// Each bucket's `CorsConfiguration.CorsRules` (browsers PUT and GET presigned URLs).
    pub bucket_cors: BTreeMap<String, serde_json::Value>,
    /// SES identities (domains or addresses), parameters resolved to their defaults.
    pub mail_identities: Vec<String>,
    /// SES receipt rules that store mail in a bucket and invoke a function.
    pub receipt_rules: Vec<ReceiptRuleDef>,
    /// Parameter defaults, by name.
    pub parameters: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: String,
    pub path: String,
    /// `Auth: {Authorizer: NONE}`: no token is checked on this route.
    pub public: bool,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub logical_id: String,
    pub binary: String,
    pub routes: Vec<Route>,
    /// Logical ids of the SQS queues that trigger the function.
    pub queues: Vec<String>,
    /// Logical id of the table whose stream triggers the function.
    pub stream: Option<String>,
    pub schedules: Vec<String>,
    /// Invoked by an SES receipt rule.
    pub ses: bool,
}

/// An SES receipt rule: an S3 action (bucket, key prefix), then a Lambda action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRuleDef {
    pub logical_id: String,
    pub bucket: String,
    pub prefix: String,
    pub function: String,
}

#[derive(Debug, Clone)]
pub struct TableDef {
    pub logical_id: String,
    /// `Properties` as JSON, in CloudFormation's shape.
    pub properties: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct QueueDef {
    pub logical_id: String,
    pub visibility_timeout: Option<u32>,
    /// (dead-letter queue logical id, maxReceiveCount)
    pub redrive: Option<(String, u32)>,
}

#[derive(Debug, Clone)]
pub struct RuleDef {
    pub logical_id: String,
    pub bus: String,
    pub pattern: serde_json::Value,
    /// Logical ids of target queues.
    pub target_queues: Vec<String>,
}

impl Template {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Self> {
        let doc: Value = serde_yaml::from_str(text).context("template.yaml is not valid YAML")?;
        let resources = doc
            .get("Resources")
            .and_then(Value::as_mapping)
            .ok_or_else(|| anyhow!("template has no Resources"))?;
        let parameters: BTreeMap<String, String> = doc
            .get("Parameters")
            .and_then(Value::as_mapping)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| {
                        let default = v.get("Default")?;
                        let text = default
                            .as_str()
                            .map(str::to_owned)
                            .or_else(|| default.as_i64().map(|n| n.to_string()))?;
                        Some((k.as_str()?.to_owned(), text))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut t = Template {
            functions: vec![],
            tables: vec![],
            queues: vec![],
            buses: vec![],
            rules: vec![],
            buckets: vec![],
            bucket_cors: BTreeMap::new(),
            mail_identities: vec![],
            receipt_rules: vec![],
            parameters,
        };
        for (id, res) in resources {
            let id = id
                .as_str()
                .ok_or_else(|| anyhow!("resource id is not a string"))?
                .to_owned();
            let kind = res.get("Type").and_then(Value::as_str).unwrap_or_default();
            let props = res.get("Properties").cloned().unwrap_or(Value::Null);
            match kind {
                "AWS::Serverless::Function" => t.functions.push(function(&id, res, &props)?),
                "AWS::DynamoDB::Table" => t.tables.push(TableDef {
                    logical_id: id,
                    properties: to_json(&props)?,
                }),
                "AWS::SQS::Queue" => t.queues.push(queue(&id, &props)?),
                "AWS::Events::EventBus" => t.buses.push(id),
                "AWS::Events::Rule" => t.rules.push(rule(&id, &props)?),
                "AWS::S3::Bucket" => {
                    if let Some(rules) = props.get("CorsConfiguration").and_then(|c| c.get("CorsRules")) {
                        t.bucket_cors.insert(id.clone(), to_json(rules)?);
                    }
                    t.buckets.push(id);
                }
                "AWS::SES::EmailIdentity" => {
                    let identity = match props.get("EmailIdentity") {
                        Some(Value::String(s)) => s.clone(),
                        v => {
                            let param = reference(v).with_context(|| format!("{id}: EmailIdentity"))?;
                            t.parameters
                                .get(&param)
                                .cloned()
                                .ok_or_else(|| anyhow!("{id}: parameter {param} has no default"))?
                        }
                    };
                    t.mail_identities.push(identity);
                }
                "AWS::SES::ReceiptRule" => t.receipt_rules.push(receipt_rule(&id, &props)?),
                _ => {}
            }
        }
        for r in &t.receipt_rules {
            let f = t
                .functions
                .iter_mut()
                .find(|f| f.logical_id == r.function)
                .ok_or_else(|| anyhow!("{}: invokes unknown function {}", r.logical_id, r.function))?;
            f.ses = true;
        }
        Ok(t)
    }

    pub fn function(&self, logical_id: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.logical_id == logical_id)
    }
}

fn function(id: &str, res: &Value, props: &Value) -> Result<Function> {
    let binary = res
        .get("Metadata")
        .and_then(|m| m.get("Binary"))
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("{id}: Metadata.Binary missing"))?
        .to_owned();
    let mut f = Function {
        logical_id: id.to_owned(),
        binary,
        routes: vec![],
        queues: vec![],
        stream: None,
        schedules: vec![],
        ses: false,
    };
    let Some(events) = props.get("Events").and_then(Value::as_mapping) else {
        return Ok(f);
    };
    for (name, ev) in events {
        let p = ev.get("Properties").cloned().unwrap_or(Value::Null);
        let str_prop = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_owned);
        match ev.get("Type").and_then(Value::as_str).unwrap_or_default() {
            "HttpApi" => f.routes.push(Route {
                method: str_prop("Method")
                    .ok_or_else(|| anyhow!("{id}.{name:?}: Method missing"))?
                    .to_uppercase(),
                path: str_prop("Path").ok_or_else(|| anyhow!("{id}.{name:?}: Path missing"))?,
                public: p.get("Auth").and_then(|a| a.get("Authorizer")).and_then(Value::as_str) == Some("NONE"),
            }),
            "SQS" => f
                .queues
                .push(get_att(p.get("Queue"), "Arn").with_context(|| format!("{id}: SQS Queue"))?),
            "DynamoDB" => {
                f.stream =
                    Some(get_att(p.get("Stream"), "StreamArn").with_context(|| format!("{id}: DynamoDB Stream"))?)
            }
            "Schedule" => f.schedules.push(str_prop("Schedule").unwrap_or_default()),
            other => bail!("{id}: event type {other} is not emulated locally"),
        }
    }
    Ok(f)
}

fn receipt_rule(id: &str, props: &Value) -> Result<ReceiptRuleDef> {
    let actions = props
        .get("Rule")
        .and_then(|r| r.get("Actions"))
        .and_then(Value::as_sequence)
        .ok_or_else(|| anyhow!("{id}: Rule.Actions missing"))?;
    let s3 = actions
        .iter()
        .find_map(|a| a.get("S3Action"))
        .ok_or_else(|| anyhow!("{id}: the rule must store mail with an S3Action"))?;
    let lambda = actions
        .iter()
        .find_map(|a| a.get("LambdaAction"))
        .ok_or_else(|| anyhow!("{id}: the rule must invoke a function with a LambdaAction"))?;
    Ok(ReceiptRuleDef {
        logical_id: id.to_owned(),
        bucket: reference(s3.get("BucketName")).with_context(|| format!("{id}: S3Action.BucketName"))?,
        prefix: s3
            .get("ObjectKeyPrefix")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        function: get_att(lambda.get("FunctionArn"), "Arn")
            .with_context(|| format!("{id}: LambdaAction.FunctionArn"))?,
    })
}

fn queue(id: &str, props: &Value) -> Result<QueueDef> {
    let visibility_timeout = props.get("VisibilityTimeout").and_then(Value::as_u64).map(|v| v as u32);
    let redrive = match props.get("RedrivePolicy") {
        Some(r) => Some((
            get_att(r.get("deadLetterTargetArn"), "Arn").with_context(|| format!("{id}: deadLetterTargetArn"))?,
            r.get("maxReceiveCount").and_then(Value::as_u64).unwrap_or(5) as u32,
        )),
        None => None,
    };
    Ok(QueueDef {
        logical_id: id.to_owned(),
        visibility_timeout,
        redrive,
    })
}

fn rule(id: &str, props: &Value) -> Result<RuleDef> {
    let bus = reference(props.get("EventBusName")).with_context(|| format!("{id}: EventBusName"))?;
    let pattern = to_json(
        props
            .get("EventPattern")
            .ok_or_else(|| anyhow!("{id}: EventPattern missing"))?,
    )?;
    let target_queues = props
        .get("Targets")
        .and_then(Value::as_sequence)
        .map(|ts| {
            ts.iter()
                .map(|t| get_att(t.get("Arn"), "Arn"))
                .collect::<Result<Vec<_>>>()
        })
        .transpose()?
        .unwrap_or_default();
    Ok(RuleDef {
        logical_id: id.to_owned(),
        bus,
        pattern,
        target_queues,
    })
}

fn tagged<'a>(v: Option<&'a Value>, tag: &str) -> Option<&'a str> {
    match v {
        Some(Value::Tagged(t)) => {
            let TaggedValue { tag: t_tag, value } = t.as_ref();
            if *t_tag == tag { value.as_str() } else { None }
        }
        _ => None,
    }
}

/// `!Ref X` → `X`.
fn reference(v: Option<&Value>) -> Result<String> {
    tagged(v, "Ref")
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("expected !Ref"))
}

/// `!GetAtt X.Attr` → `X`, checking the attribute.
fn get_att(v: Option<&Value>, attr: &str) -> Result<String> {
    let s = tagged(v, "GetAtt").ok_or_else(|| anyhow!("expected !GetAtt X.{attr}"))?;
    match s.split_once('.') {
        Some((id, a)) if a == attr => Ok(id.to_owned()),
        _ => bail!("expected !GetAtt X.{attr}, got {s}"),
    }
}

/// Plain YAML to JSON; tagged values (intrinsics) are refused.
fn to_json(v: &Value) -> Result<serde_json::Value> {
    Ok(match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::to_value(n)?,
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(s) => serde_json::Value::Array(s.iter().map(to_json).collect::<Result<_>>()?),
        Value::Mapping(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let k = k.as_str().ok_or_else(|| anyhow!("non-string key"))?;
                out.insert(k.to_owned(), to_json(v)?);
            }
            serde_json::Value::Object(out)
        }
        Value::Tagged(t) => bail!("intrinsic {} cannot be evaluated locally here", t.tag),
    })
}

/// Routes by function, for comparing with the gateway's handler registry.
pub fn routes_by_function(t: &Template) -> BTreeMap<String, Vec<Route>> {
    t.functions
        .iter()
        .map(|f| (f.logical_id.clone(), f.routes.clone()))
        .collect()
}
