//! An SDK interceptor that records every DynamoDB request: operation, durations (the
//! whole SDK call and the wire alone) and the sizes the request units are billed by.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_sdk_dynamodb::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeDeserializationInterceptorContextRef,
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Call {
    pub op: String,
    /// The whole SDK call: serialising, signing, the HTTP exchange and parsing the
    /// answer, i.e. what the same request costs any program that calls DynamoDB Local.
    pub millis: f64,
    /// From sending the request to its response's headers (the wire alone).
    pub wire_millis: f64,
    pub request: Vec<u8>,
    pub response_bytes: usize,
    /// The capacity units DynamoDB reported (table and indexes), when asked for.
    pub consumed: Option<f64>,
    /// The same by where they were spent: `table` or an index's name.
    pub consumed_by: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Default)]
struct Pending {
    started: Option<Instant>,
    op: String,
    sent: Option<Instant>,
    wire_millis: f64,
    request: Vec<u8>,
    response_bytes: usize,
    consumed: Option<f64>,
    consumed_by: Vec<(String, f64)>,
}

impl Storable for Pending {
    type Storer = StoreReplace<Self>;
}

#[derive(Debug, Clone, Default)]
pub struct Tap {
    calls: Arc<Mutex<Vec<Call>>>,
    /// Ask DynamoDB for the units it bills (`ReturnConsumedCapacity: INDEXES`).
    capacity: bool,
}

/// The operations that take `ReturnConsumedCapacity`.
const BILLED: [&str; 10] = [
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
];

/// The operation of a request, from its `x-amz-target` header.
fn op_of(target: Option<&str>) -> String {
    let target = target.unwrap_or("unknown");
    target.rsplit('.').next().unwrap_or(target).to_owned()
}

/// The `CapacityUnits` of a response's `ConsumedCapacity` (one object, or one per
/// table), in all and by table or index.
fn consumed(body: &[u8]) -> Option<(f64, Vec<(String, f64)>)> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let all = match &v["ConsumedCapacity"] {
        Value::Array(all) => all.clone(),
        c @ Value::Object(_) => vec![c.clone()],
        _ => return None,
    };
    let mut total = 0.0;
    let mut by = Vec::new();
    for c in &all {
        total += c["CapacityUnits"].as_f64()?;
        if let Some(t) = c["Table"]["CapacityUnits"].as_f64() {
            by.push(("table".to_owned(), t));
        }
        for (index, u) in c["GlobalSecondaryIndexes"].as_object().into_iter().flatten() {
            by.push((index.clone(), u["CapacityUnits"].as_f64().unwrap_or(0.0)));
        }
    }
    Some((total, by))
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The call's record in the bag, changed in place (no copy of the request per hook,
/// inside the window the tap times).
fn pending(cfg: &mut ConfigBag) -> &mut Pending {
    cfg.get_mut_or_default::<Pending>()
}

impl Intercept for Tap {
    fn name(&self) -> &'static str {
        "BenchTap"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Pending {
            started: Some(Instant::now()),
            ..Pending::default()
        });
        Ok(())
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if !self.capacity || !BILLED.contains(&op_of(context.request().headers().get("x-amz-target")).as_str()) {
            return Ok(());
        }
        let Some(body) = context.request().body().bytes() else {
            return Ok(());
        };
        let Ok(Value::Object(mut request)) = serde_json::from_slice::<Value>(body) else {
            return Ok(());
        };
        request.insert("ReturnConsumedCapacity".into(), Value::String("INDEXES".into()));
        let bytes = serde_json::to_vec(&request)?;
        let len = bytes.len().to_string();
        *context.request_mut().body_mut() = aws_smithy_types::body::SdkBody::from(bytes);
        context.request_mut().headers_mut().insert("content-length", len);
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let p = pending(cfg);
        p.op = op_of(context.request().headers().get("x-amz-target"));
        p.request = context.request().body().bytes().map(<[u8]>::to_vec).unwrap_or_default();
        p.sent = Some(Instant::now());
        Ok(())
    }

    fn read_after_transmit(
        &self,
        _context: &BeforeDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let p = pending(cfg);
        p.wire_millis = p.sent.map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0);
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        // The body is read by now (at `read_after_transmit` only the headers are).
        let p = pending(cfg);
        let body = context.response().body().bytes().unwrap_or_default();
        p.response_bytes = body.len();
        if let Some((total, by)) = consumed(body) {
            p.consumed = Some(total);
            p.consumed_by = by;
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        _context: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let p = std::mem::take(pending(cfg));
        if let (Some(started), Some(_)) = (p.started, p.sent) {
            let call = Call {
                op: p.op,
                millis: started.elapsed().as_secs_f64() * 1000.0,
                wire_millis: p.wire_millis,
                request: p.request,
                response_bytes: p.response_bytes,
                consumed: p.consumed,
                consumed_by: p.consumed_by,
            };
            if let Ok(mut calls) = self.calls.lock() {
                calls.push(call);
            }
        }
        Ok(())
    }
}

impl Tap {
    /// A tap that also asks DynamoDB what each request is billed (the cost model).
    pub fn billing() -> Self {
        Self {
            capacity: true,
            ..Self::default()
        }
    }

    pub fn instrument(&self, client: &aws_sdk_dynamodb::Client) -> aws_sdk_dynamodb::Client {
        aws_sdk_dynamodb::Client::from_conf(client.config().to_builder().interceptor(self.clone()).build())
    }

    /// The calls since the last take.
    pub fn take(&self) -> Vec<Call> {
        self.calls
            .lock()
            .map(|mut c| std::mem::take(&mut *c))
            .unwrap_or_default()
    }
}

/// Billed request units of a call, (read units, write units): what DynamoDB Local
/// reported when the tap asked (it bills like the service: every index the item is
/// projected into, transactions twice); otherwise, and for failed requests, estimated
/// on-demand from the sizes on the wire: reads per 4 KB (half for eventually
/// consistent), writes per 1 KB, transactions twice, indexes not counted.
pub fn units(call: &Call) -> (f64, f64) {
    if let Some(units) = call.consumed {
        let read = matches!(
            call.op.as_str(),
            "GetItem" | "Query" | "Scan" | "BatchGetItem" | "TransactGetItems"
        );
        return if read { (units, 0.0) } else { (0.0, units) };
    }
    let kb = |bytes: usize, per: usize| bytes.div_ceil(per).max(1) as f64;
    let body: Value = serde_json::from_slice(&call.request).unwrap_or(Value::Null);
    let consistent = body["ConsistentRead"].as_bool().unwrap_or(false);
    let read_factor = if consistent { 1.0 } else { 0.5 };
    match call.op.as_str() {
        "GetItem" | "Query" | "Scan" | "BatchGetItem" => (kb(call.response_bytes, 4096) * read_factor, 0.0),
        "TransactGetItems" => (kb(call.response_bytes, 4096) * 2.0, 0.0),
        "PutItem" | "UpdateItem" | "DeleteItem" => (0.0, kb(call.request.len(), 1024)),
        "TransactWriteItems" => {
            let items = body["TransactItems"].as_array().cloned().unwrap_or_default();
            let wru = items.iter().map(|i| 2.0 * kb(i.to_string().len(), 1024)).sum();
            (0.0, wru)
        }
        "BatchWriteItem" => {
            let wru = body["RequestItems"]
                .as_object()
                .map(|t| {
                    t.values()
                        .flat_map(|v| v.as_array().cloned().unwrap_or_default())
                        .map(|i| kb(i.to_string().len(), 1024))
                        .sum()
                })
                .unwrap_or(0.0);
            (0.0, wru)
        }
        _ => (0.0, 0.0),
    }
}
