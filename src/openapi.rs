//! The OpenAPI document of `/api/v1`, built from the route table: every route appears with
//! its summary, path parameters, body and answer schemas (derived from the same Rust types
//! the handlers use) and the error shape.

use crate::api::doc::{collect, ErrorBody, SchemaDoc, Schemas};
use app::model::provisioning::{EXTERNAL_ID_MAX, EXTERNAL_ID_PATTERN};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Paths, Ref, RefOr, Required,
    ResponseBuilder, Schema,
};

fn reference(s: &SchemaDoc) -> RefOr<Schema> {
    let one = RefOr::Ref(Ref::from_schema_name((s.name)()));
    if s.list {
        RefOr::T(Schema::Array(utoipa::openapi::schema::ArrayBuilder::new().items(one).build()))
    } else {
        one
    }
}

fn json_content(s: &SchemaDoc) -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(reference(s))).build()
}

fn parameter_description(name: &str) -> &'static str {
    match name {
        "c" => "Company id",
        "r" => "Reseller id",
        "q" => "Queue id",
        "u" => "User id",
        "d" => "Device id",
        "a" => "Audio file or playbook id",
        "id" => "Recording id",
        "t" => "Token id",
        "team" => "Team id",
        "x" => "The PBX's own id for the user or device (1 to 128 letters, digits or . _ : @ + -)",
        _ => "Id",
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .build()
}

/// Every body the server reads refuses fields it does not know (serde's
/// `deny_unknown_fields`), and every answer holds the fields of its type only: the document
/// says so of every object with properties (`additionalProperties: false`). A flattened type
/// (utoipa's `allOf` of the inner type and the outer fields) becomes one object first, since
/// each closed part of an `allOf` would refuse the other's fields.
fn closed(schema: &mut RefOr<Schema>, named: &std::collections::BTreeMap<String, RefOr<Schema>>) {
    use utoipa::openapi::schema::{AdditionalProperties, ArrayItems};
    let RefOr::T(inner) = schema else { return };
    if let Schema::AllOf(_) = inner {
        match one_object(inner, named) {
            Some(merged) => *inner = Schema::Object(merged),
            // Left open: parts that are not all objects cannot be closed one by one.
            None => return,
        }
    }
    match inner {
        Schema::Object(o) => {
            if !o.properties.is_empty() && o.additional_properties.is_none() {
                o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
            o.properties.values_mut().for_each(|p| closed(p, named));
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                closed(items, named);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(|i| closed(i, named)),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(|i| closed(i, named)),
        _ => {}
    }
}

/// An object, or an `allOf` of objects (by reference or nested) as the one object it means.
fn one_object(
    schema: &Schema,
    named: &std::collections::BTreeMap<String, RefOr<Schema>>,
) -> Option<utoipa::openapi::schema::Object> {
    match schema {
        Schema::Object(o) => Some(o.clone()),
        Schema::AllOf(all) => {
            let mut merged = utoipa::openapi::schema::Object::with_type(utoipa::openapi::schema::Type::Object);
            merged.description = all.description.clone();
            for item in &all.items {
                let part = match item {
                    RefOr::Ref(r) => match named.get(r.ref_location.rsplit('/').next()?)? {
                        RefOr::T(s) => one_object(s, named)?,
                        RefOr::Ref(_) => return None,
                    },
                    RefOr::T(s) => one_object(s, named)?,
                };
                merged.properties.extend(part.properties);
                merged.required.extend(part.required);
            }
            Some(merged)
        }
        _ => None,
    }
}

pub fn document() -> OpenApi {
    let mut schemas: Schemas = Vec::new();
    collect::<ErrorBody>(&mut schemas);
    let mut paths = Paths::new();
    for route in crate::api::route_table::<app::state::AppState>() {
        let doc = route.doc;
        let method = match route.method {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "DELETE" => HttpMethod::Delete,
            other => unreachable!("the route table has no {other} routes"),
        };
        let mut op = OperationBuilder::new()
            .summary(Some(doc.summary))
            .tag(doc.tag)
            .operation_id(Some(format!("{} {}", route.method, route.path)));
        for segment in route.path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                op = op.parameter(
                    ParameterBuilder::new()
                        .name(name)
                        .parameter_in(ParameterIn::Path)
                        .required(Required::True)
                        .description(Some(parameter_description(name)))
                        .schema(Some(RefOr::T(Schema::Object({
                            let string = utoipa::openapi::schema::ObjectBuilder::new()
                                .schema_type(utoipa::openapi::schema::Type::String);
                            // The one path parameter with a pattern the server checks.
                            if name == "x" {
                                string.pattern(Some(EXTERNAL_ID_PATTERN)).max_length(Some(EXTERNAL_ID_MAX)).build()
                            } else {
                                string.build()
                            }
                        })))),
                );
            }
        }
        if let Some(req) = &doc.request {
            (req.collect)(&mut schemas);
            let kind = if req.form { "multipart/form-data" } else { "application/json" };
            let mut body = RequestBodyBuilder::new().content(kind, json_content(req));
            if let Some(form) = req.multipart.map(|f| f()) {
                (form.collect)(&mut schemas);
                body = body.content("multipart/form-data", json_content(&form));
            }
            op = op.request_body(Some(body.required(Some(Required::True)).build()));
        }
        let mut ok = ResponseBuilder::new().description(if doc.status == 204 { "Done" } else { "The result" });
        if let Some(res) = &doc.response {
            (res.collect)(&mut schemas);
            ok = ok.content("application/json", json_content(res));
        }
        let ok = ok.build();
        // Provisioning by the PBX's id creates what is not there yet, and says so.
        if route.method == "PUT" && route.path.contains("/by-external-id/") {
            op = op.response("201", ok.clone());
        }
        op = op.response(doc.status.to_string(), ok);
        op = op.response("401", error_response("Not signed in, or the token is unknown, revoked or expired"));
        if route.path.contains('{') || route.method != "GET" {
            op = op.response("403", error_response("A privilege is missing"));
            op = op.response("404", error_response("No such object inside the caller's scope"));
        }
        if route.method != "GET" {
            op = op.response("400", error_response("The body is not the JSON this route reads"));
            op = op.response(
                "422",
                error_response("Fields are invalid: `fields` lists each with its message, `field` names the first"),
            );
        }
        if route.method != "GET" {
            op = op.response(
                "409",
                error_response(
                    "Conflicts with the data as it is now: changed by someone else since the given version, or \
                     still needed by other data",
                ),
            );
        }
        paths.add_path_operation(route.path, vec![method], op.build());
    }
    let mut components = ComponentsBuilder::new()
        .security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)))
        .security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("earmark_session"))));
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    schemas.dedup_by(|a, b| a.0 == b.0);
    let named: std::collections::BTreeMap<String, RefOr<Schema>> = schemas.iter().cloned().collect();
    for (_, schema) in &mut schemas {
        closed(schema, &named);
    }
    for (name, schema) in schemas {
        components = components.schema(name, schema);
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Earmark API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Call-recording policy and decisions. Authenticate with a bearer token (POST /tokens) or the session cookie. \
                     Writes carry the version they read; a stale write gets 409 and changes nothing.",
                ))
                .build(),
        )
        .servers(Some(vec![utoipa::openapi::Server::new("/api/v1")]))
        .paths(paths)
        .components(Some(components.build()))
        .security(Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new()), SecurityRequirement::new("session", Vec::<String>::new())]))
        .build()
}

/// The document as `/api/v1/openapi.json` serves it, serialized once.
pub fn published() -> crate::api::doc::Published {
    crate::api::doc::Published(std::sync::Arc::new(
        serde_json::to_string(&document()).expect("the OpenAPI document serializes"),
    ))
}
