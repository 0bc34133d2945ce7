//! An SDK interceptor that records every DynamoDB request: operation, duration and the
//! sizes the request units are billed by.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_sdk_dynamodb::config::interceptors::{
    BeforeDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Call {
    pub op: String,
    pub millis: f64,
    pub request: Vec<u8>,
    pub response_bytes: usize,
}

#[derive(Debug, Clone)]
struct Pending {
    op: String,
    started: Instant,
    request: Vec<u8>,
}

impl Storable for Pending {
    type Storer = StoreReplace<Self>;
}

#[derive(Debug, Clone, Default)]
pub struct Tap {
    calls: Arc<Mutex<Vec<Call>>>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Intercept for Tap {
    fn name(&self) -> &'static str {
        "BenchTap"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let target = context.request().headers().get("x-amz-target").unwrap_or("unknown");
        cfg.interceptor_state().store_put(Pending {
            op: target.rsplit('.').next().unwrap_or(target).to_owned(),
            request: context.request().body().bytes().map(<[u8]>::to_vec).unwrap_or_default(),
            started: Instant::now(),
        });
        Ok(())
    }

    fn read_after_transmit(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(p) = cfg.load::<Pending>() {
            let call = Call {
                op: p.op.clone(),
                millis: p.started.elapsed().as_secs_f64() * 1000.0,
                request: p.request.clone(),
                response_bytes: context.response().body().bytes().map_or(0, <[u8]>::len),
            };
            if let Ok(mut calls) = self.calls.lock() {
                calls.push(call);
            }
        }
        Ok(())
    }
}

impl Tap {
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

/// Billed request units of a call, (read units, write units), on-demand: reads per
/// 4 KB (half for eventually consistent), writes per 1 KB, transactions twice. Sizes
/// are the JSON on the wire, which is larger than the stored item: an upper bound.
pub fn units(call: &Call) -> (f64, f64) {
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
