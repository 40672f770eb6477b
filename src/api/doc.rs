//! What a route's OpenAPI entry says: its summary, tag, body and answer schemas (derived from
//! the same Rust types the handlers use), and the error shape. `crate::openapi` turns the
//! route table into the document; the route table only names these.

use std::borrow::Cow;
use std::sync::Arc;
use utoipa::openapi::{RefOr, Schema};
use utoipa::ToSchema;

pub(crate) type Schemas = Vec<(String, RefOr<Schema>)>;

/// A body or answer type of a route, by its schema.
#[derive(Clone, Copy)]
pub struct SchemaDoc {
    pub(crate) name: fn() -> Cow<'static, str>,
    pub(crate) collect: fn(&mut Schemas),
    /// A list of the type (`Vec<T>`), not one.
    pub(crate) list: bool,
    /// A multipart form the route takes instead of the JSON body (a file upload).
    pub(crate) multipart: Option<fn() -> SchemaDoc>,
    /// The type is a multipart form, and the route takes no JSON body.
    pub(crate) form: bool,
}

impl SchemaDoc {
    /// This JSON body, or the multipart form `form` instead.
    pub fn or_multipart(self, form: fn() -> SchemaDoc) -> SchemaDoc {
        SchemaDoc { multipart: Some(form), ..self }
    }
}

pub(crate) fn collect<T: ToSchema>(into: &mut Schemas) {
    into.push((T::name().into_owned(), T::schema()));
    T::schemas(into);
}

pub trait Documented {
    fn doc() -> SchemaDoc;
}

impl<T: ToSchema> Documented for T {
    fn doc() -> SchemaDoc {
        SchemaDoc { name: T::name, collect: collect::<T>, list: false, multipart: None, form: false }
    }
}

/// `schema::<QueueView>()`: one object of this type.
pub fn schema<T: ToSchema>() -> SchemaDoc {
    T::doc()
}

/// `form::<RecordingUpload>()`: a multipart form of these fields, the only body the route
/// takes.
pub fn form<T: ToSchema>() -> SchemaDoc {
    SchemaDoc { form: true, ..T::doc() }
}

/// `list::<QueueView>()`: a list of them.
pub fn list<T: ToSchema>() -> SchemaDoc {
    SchemaDoc { list: true, ..T::doc() }
}

/// What the OpenAPI entry of a route says.
#[derive(Clone, Copy)]
pub struct Doc {
    pub summary: &'static str,
    pub tag: &'static str,
    pub request: Option<SchemaDoc>,
    pub response: Option<SchemaDoc>,
    pub status: u16,
}

/// `{"error": {"code", "message", "field", "fields", "retry_after"}}`
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
    /// The field the error is about (422): the first of `fields`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field that is wrong, each with its message (422).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<app::policy::FieldError>,
    /// Seconds to wait (429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// The OpenAPI document as served: serialized once at start, from the route table.
#[derive(Clone)]
pub struct Published(pub Arc<String>);
