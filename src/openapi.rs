//! The OpenAPI document of `/api/v1`, built from the route table: every route appears with
//! its summary, path parameters, body and answer schemas (derived from the same Rust types
//! the handlers use) and the error shape.

use std::borrow::Cow;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Paths, Ref, RefOr, Required,
    ResponseBuilder, Schema,
};
use utoipa::ToSchema;

type Schemas = Vec<(String, RefOr<Schema>)>;

/// A body or answer type of a route, by its schema.
#[derive(Clone, Copy)]
pub struct SchemaDoc {
    name: fn() -> Cow<'static, str>,
    collect: fn(&mut Schemas),
    /// A list of the type (`Vec<T>`), not one.
    list: bool,
    /// A multipart form the route takes instead of the JSON body (a file upload).
    multipart: Option<fn() -> SchemaDoc>,
}

impl SchemaDoc {
    /// This JSON body, or the multipart form `form` instead.
    pub fn or_multipart(self, form: fn() -> SchemaDoc) -> SchemaDoc {
        SchemaDoc { multipart: Some(form), ..self }
    }
}

fn collect<T: ToSchema>(into: &mut Schemas) {
    into.push((T::name().into_owned(), T::schema()));
    T::schemas(into);
}

pub trait Documented {
    fn doc() -> SchemaDoc;
}

impl<T: ToSchema> Documented for T {
    fn doc() -> SchemaDoc {
        SchemaDoc { name: T::name, collect: collect::<T>, list: false, multipart: None }
    }
}

/// `schema::<QueueView>()`; `schema::<Vec<QueueView>>()` for a list.
pub fn schema<T: Listed>() -> SchemaDoc {
    T::listed()
}

pub trait Listed {
    fn listed() -> SchemaDoc;
}

impl<T: ToSchema> Listed for Vec<T> {
    fn listed() -> SchemaDoc {
        SchemaDoc { list: true, ..T::doc() }
    }
}

macro_rules! single {
    ($($t:ty),* $(,)?) => {$(
        impl Listed for $t {
            fn listed() -> SchemaDoc {
                <$t as Documented>::doc()
            }
        }
    )*};
}

single!(
    crate::api::SignedIn,
    crate::api::LicenceBody,
    crate::api::NewQueue,
    crate::api::AudioUpload,
    app::model::AudioItem,
    app::model::AudioLibrary,
    app::recordings::RecordingList,
    app::auditlog::AuditPage,
    app::recordings::RecordingDetails,
    crate::recordings::RecordingUpload,
    app::model::PlaybookInput,
    app::model::PlaybookView,
    app::model::LicenceView,
    app::model::NewUser,
    app::model::NewDevice,
    crate::api::LoginBody,
    crate::api::ModeBody,
    crate::api::QueueBody,
    crate::api::UserBody,
    crate::api::DeviceBody,
    app::model::SystemModeView,
    app::model::RecordingModeView,
    app::model::ForceRecordView,
    app::model::QueueView,
    app::model::UserView,
    app::model::DeviceView,
    app::model::TreatmentView,
    app::model::UserTreatmentBody,
    app::model::ContactCenterBody,
    app::model::CallRequest,
    app::policy::Decision,
    app::services::tokens::NewTokenRequest,
    app::services::tokens::CreatedToken,
);

/// What the OpenAPI entry of a route says.
#[derive(Clone, Copy)]
pub struct Doc {
    pub summary: &'static str,
    pub tag: &'static str,
    pub request: Option<SchemaDoc>,
    pub response: Option<SchemaDoc>,
    pub status: u16,
}

/// `{"error": {"code", "message", "field", "retry_after"}}`
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable: unauthenticated, invalid_credentials, forbidden, not_found, stale, conflict, invalid,
    /// throttled, too_large, bad_request, internal.
    pub code: String,
    /// For a person to read.
    pub message: String,
    /// The field the error is about (422).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait (429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

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
        _ => "Id",
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .build()
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
                        .schema(Some(RefOr::T(Schema::Object(
                            utoipa::openapi::schema::ObjectBuilder::new()
                                .schema_type(utoipa::openapi::schema::Type::String)
                                .build(),
                        )))),
                );
            }
        }
        if let Some(req) = &doc.request {
            (req.collect)(&mut schemas);
            let mut body = RequestBodyBuilder::new().content("application/json", json_content(req));
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
        op = op.response(doc.status.to_string(), ok.build());
        op = op.response("401", error_response("Not signed in, or the token is unknown, revoked or expired"));
        if route.path.contains('{') || route.method != "GET" {
            op = op.response("403", error_response("A privilege is missing"));
            op = op.response("404", error_response("No such object inside the caller's scope"));
        }
        if route.method != "GET" {
            op = op.response("400", error_response("The body is not the JSON this route reads"));
            op = op.response("422", error_response("A field is invalid; `field` names it"));
        }
        if route.method == "PUT" {
            op = op.response("409", error_response("Changed by someone else since the given version"));
        }
        paths.add_path_operation(route.path, vec![method], op.build());
    }
    let mut components = ComponentsBuilder::new()
        .security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)))
        .security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("earmark_session"))));
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    schemas.dedup_by(|a, b| a.0 == b.0);
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
