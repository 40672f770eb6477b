//! JSON has one kind of number, and the document's JSON Schema (2020-12) counts `105.0` as an
//! integer: a client whose language writes every number as a float (JavaScript, many JSON
//! encoders) sends versions and minutes that way. serde refuses them for integer fields, so
//! bodies are read with whole floats spelled as integers first; a float field reads an
//! integer just the same.

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use serde_json::{Number, Value};

/// Whole floats (`3.0`) become integers (`3`), at any depth; answers whether any did.
pub fn whole_numbers(value: &mut Value) -> bool {
    match value {
        Value::Number(n) if n.is_f64() => {
            // Beyond 2^53 a float no longer spells one integer.
            const EXACT: f64 = 9_007_199_254_740_992.0;
            match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() <= EXACT => {
                    *n = Number::from(f as i64);
                    true
                }
                _ => false,
            }
        }
        Value::Array(items) => items.iter_mut().fold(false, |changed, v| whole_numbers(v) | changed),
        Value::Object(fields) => fields.values_mut().fold(false, |changed, v| whole_numbers(v) | changed),
        _ => false,
    }
}

/// The text of a JSON value with its whole floats as integers; what is not JSON is left as
/// it is, for the reader to refuse in its own words.
pub fn read_whole(text: &[u8]) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(text).ok()?;
    whole_numbers(&mut value).then(|| serde_json::to_vec(&value).ok()).flatten()
}

/// The API's JSON bodies, read with whole floats as integers ([`whole_numbers`]). A body
/// above the limit is refused here as the handler would refuse it.
pub async fn whole_number_bodies(req: Request, next: axum::middleware::Next) -> Response {
    let json = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"));
    if !json {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    match http_body_util::BodyExt::collect(http_body_util::Limited::new(body, super::JSON_BODY_MAX)).await {
        Ok(collected) => {
            let bytes = collected.to_bytes();
            let body = match read_whole(&bytes) {
                Some(rewritten) => Body::from(rewritten),
                None => Body::from(bytes),
            };
            let mut req = Request::from_parts(parts, body);
            req.headers_mut().remove(axum::http::header::CONTENT_LENGTH);
            next.run(req).await
        }
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            super::ApiError(super::json_too_large()).into_response()
        }
        Err(_) => super::ApiError(app::error::AppError::BadRequest).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_floats_become_integers_and_nothing_else_changes() {
        let mut v = json!({"version": 105.0, "days": [1.0, 2.5, -3.0], "nested": {"n": 0.0, "s": "1.0"}, "big": 1e300});
        assert!(whole_numbers(&mut v));
        assert_eq!(v, json!({"version": 105, "days": [1, 2.5, -3], "nested": {"n": 0, "s": "1.0"}, "big": 1e300}));
        let mut plain = json!({"version": 3, "ratio": 0.5});
        assert!(!whole_numbers(&mut plain));
        assert_eq!(read_whole(b"{\"a\": 1}"), None, "unchanged text is passed on as sent");
        assert_eq!(read_whole(b"not json"), None);
        assert_eq!(read_whole(b"{\"a\": 2.0}").as_deref(), Some(&b"{\"a\":2}"[..]));
    }
}
