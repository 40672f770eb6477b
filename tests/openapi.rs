//! The OpenAPI document: served, complete (every route of the table) and valid (it parses as
//! OpenAPI 3.1, every reference resolves, every path parameter is declared).

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::Value;

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push(v.as_str().unwrap_or_default().to_string());
                } else {
                    refs(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_served_complete_and_valid() {
    let app = TestApp::new().await;
    let r = app.call(Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("application/json"));

    let spec = oas3::from_json(&r.body).expect("the document parses as OpenAPI 3.1");
    assert!(spec.openapi.starts_with("3.1"), "version {}", spec.openapi);

    let doc: Value = serde_json::from_str(&r.body).unwrap();
    for route in earmark::api::route_table::<app::state::AppState>() {
        let op = &doc["paths"][route.path][route.method.to_lowercase()];
        assert!(op.is_object(), "{} {} is not in the document", route.method, route.path);
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{} {} has no summary",
            route.method,
            route.path
        );
        let declared: Vec<&str> = op["parameters"]
            .as_array()
            .map(|ps| ps.iter().filter(|p| p["in"] == "path").filter_map(|p| p["name"].as_str()).collect())
            .unwrap_or_default();
        for segment in route.path.split('/').filter(|s| s.starts_with('{')) {
            let name = &segment[1..segment.len() - 1];
            assert!(declared.contains(&name), "{} {}: path parameter {name} is not declared", route.method, route.path);
        }
        if route.method != "GET" && route.path != "/session" {
            assert!(op["responses"]["422"].is_object(), "{} {} documents no 422", route.method, route.path);
        }
    }

    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected reference {r}"));
        assert!(doc["components"]["schemas"][name].is_object(), "reference {r} does not resolve");
    }
    // The limits the server checks are stated, so that a generated client sends only what is
    // accepted.
    let user = &doc["components"]["schemas"]["ProvisionedUser"]["properties"];
    assert_eq!(user["extension"]["pattern"], app::model::EXTENSION_PATTERN, "{user}");
    assert_eq!(user["name"]["pattern"], app::model::NAME_PATTERN, "{user}");
    let new_user = &doc["components"]["schemas"]["NewUser"]["properties"];
    assert_eq!(new_user["external_id"]["maxLength"], app::model::provisioning::EXTERNAL_ID_MAX, "{new_user}");
    assert_eq!(
        new_user["external_id"]["pattern"].as_str(),
        Some(app::model::provisioning::EXTERNAL_ID_PATTERN),
        "{new_user}"
    );
    let x = doc["paths"]["/companies/{c}/users/by-external-id/{x}"]["put"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "x")
        .unwrap()["schema"]
        .clone();
    assert_eq!(x["pattern"].as_str(), Some(app::model::provisioning::EXTERNAL_ID_PATTERN), "{x}");
    // The shapes of docs/DESIGN.md are there.
    let queue = &doc["components"]["schemas"]["QueueView"]["properties"];
    for field in ["id", "name", "opt_in", "version"] {
        assert!(queue[field].is_object(), "QueueView.{field} is missing");
    }
}
