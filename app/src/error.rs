//! The one error type of Earmark. Server functions return it, the JSON API maps it to a
//! status and `{"error": {"code", "message", "field"}}`, and pages show its message next to
//! the form. It never carries database or internal text: those are logged on the server
//! with the request id, and the client sees only the id as a reference.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    /// One message for an unknown e-mail and a wrong password.
    #[error("The e-mail address or password is not correct.")]
    InvalidCredentials,
    #[error("You do not have permission to do this.")]
    Forbidden,
    /// Also the answer for an object outside the caller's scope, so that its existence
    /// does not leak.
    #[error("Not found.")]
    NotFound,
    /// An administrator set this login's password: nothing else works until its owner
    /// changes it on their account page.
    #[error("Change your password on Your account before you go on: an administrator set it for you.")]
    PasswordChangeRequired,
    #[error("This was changed by someone else since you opened it. Reload to see the latest version.")]
    Stale,
    /// The request clashes with what is stored (a different file for a known call id).
    #[error("{message}")]
    Conflict { message: String },
    /// A refused write: `field` and `message` are its first problem, `fields` every one of
    /// them (the first included), in the order of the form.
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<crate::policy::FieldError>,
    },
    #[error("Too many sign-in attempts. Try again in {retry_after} s.")]
    Throttled { retry_after: u64 },
    #[error("{message}")]
    TooLarge { message: String },
    /// It existed and was removed on purpose (a recording's audio erased on request).
    #[error("{message}")]
    Gone { message: String },
    #[error("The request could not be understood.")]
    BadRequest,
    #[error("The server could not be reached. Check your connection and try again.")]
    Unreachable,
    #[error("Something went wrong on our side. Reference: {reference}.")]
    Internal { reference: String },
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        let message = message.into();
        AppError::Invalid {
            field: Some(field.to_string()),
            fields: vec![crate::policy::FieldError::new(field, message.clone())],
            message,
        }
    }

    /// Every field this error is about, with its message (a refused write's whole list).
    pub fn fields(&self) -> Vec<crate::policy::FieldError> {
        match self {
            AppError::Invalid { fields, .. } if !fields.is_empty() => fields.clone(),
            AppError::Invalid { field: Some(f), message, .. } => vec![crate::policy::FieldError::new(f, message)],
            _ => Vec::new(),
        }
    }

    /// The stable code the JSON API returns.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::Forbidden => "forbidden",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::NotFound => "not_found",
            AppError::Stale => "stale",
            AppError::Conflict { .. } => "conflict",
            AppError::Invalid { .. } => "invalid",
            AppError::Throttled { .. } => "throttled",
            AppError::TooLarge { .. } => "too_large",
            AppError::Gone { .. } => "gone",
            AppError::BadRequest => "bad_request",
            AppError::Unreachable => "unreachable",
            AppError::Internal { .. } => "internal",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::Forbidden | AppError::PasswordChangeRequired => 403,
            AppError::NotFound => 404,
            AppError::Stale | AppError::Conflict { .. } => 409,
            AppError::Invalid { .. } => 422,
            AppError::Throttled { .. } => 429,
            AppError::TooLarge { .. } => 413,
            AppError::Gone { .. } => 410,
            AppError::BadRequest => 400,
            AppError::Unreachable => 503,
            AppError::Internal { .. } => 500,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The message for one form field, if this error is about it.
    pub fn for_field(&self, name: &str) -> Option<String> {
        self.fields().into_iter().find(|e| e.field == name).map(|e| e.message)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Raised by the transport on either side: a bad argument list, a failed fetch.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::Serialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) => AppError::Unreachable,
            other => AppError::internal(other),
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;

    /// The request being served, as the server's request-id middleware made it: its id, and
    /// its span, so that what is learnt while serving it (who acts, for which company) lands
    /// on its log lines whatever spans the layers between open.
    #[derive(Clone, Debug)]
    pub struct RequestContext {
        pub id: String,
        pub span: tracing::Span,
    }

    tokio::task_local! {
        /// Set around the request's own task.
        pub static REQUEST: RequestContext;
    }

    /// The current request: the task's own, or, in a task Leptos spawned for a page's data
    /// (which task-locals do not reach), the one in the request's extensions.
    pub fn current_request() -> Option<RequestContext> {
        REQUEST.try_with(RequestContext::clone).ok().or_else(|| {
            leptos::prelude::use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<RequestContext>().cloned())
        })
    }

    /// The request id of the current request, if this runs inside one.
    pub fn current_request_id() -> Option<String> {
        current_request().map(|r| r.id)
    }

    impl AppError {
        /// Logs the detail with the request id and returns the generic error that names it.
        pub fn internal(detail: impl std::fmt::Display) -> AppError {
            let reference = current_request_id().unwrap_or_else(|| uuid::Uuid::now_v7().simple().to_string());
            tracing::error!(request_id = %reference, detail = %detail, "internal error");
            AppError::Internal { reference }
        }
    }

    impl From<sqlx::Error> for AppError {
        fn from(e: sqlx::Error) -> Self {
            if let Some(db) = e.as_database_error() {
                if db.is_unique_violation() {
                    // PostgreSQL names the constraint, which its migration calls "table.column";
                    // SQLite names the columns in its message.
                    return unique_violation(db.constraint().unwrap_or(db.message()));
                }
                // PostgreSQL's text cannot hold U+0000 (SQLSTATE 22021), which JSON and
                // addresses can carry: no such value can be stored or found, so the request is
                // wrong, not the server. SQLite stores it, and the services' checks refuse it.
                if db.code().as_deref() == Some("22021") {
                    tracing::info!("a value held the character U+0000");
                    return AppError::invalid("body", "Text cannot hold the character U+0000 (NUL).");
                }
            }
            AppError::internal(e)
        }
    }

    /// A unique name taken by a concurrent write, which the services' own checks could not
    /// see: the field it is about, never the database's text. SQLite names the columns
    /// (`UNIQUE constraint failed: queues.company_id, queues.name`), PostgreSQL the
    /// constraint (`queues.name`).
    fn unique_violation(text: &str) -> AppError {
        let column = text.rsplit(", ").next().unwrap_or_default().rsplit(": ").next().unwrap_or_default();
        let (field, message) = match column {
            "queues.name" => ("name", "A queue with this name already exists."),
            "teams.name" => ("name", "A team with this name already exists."),
            "audio_files.name" => ("name", "The library already has an audio file with this name."),
            "playbooks.name" => ("name", "A playbook with this name already exists."),
            "roles.name" => ("name", "A role with this name already exists."),
            "users.extension" => ("extension", "This extension is already taken."),
            "users.external_id" => ("external_id", "Another user of this company has this external id."),
            "devices.external_id" => ("external_id", "Another device of this company has this external id."),
            "administrators.email" => ("email", "An administrator with this e-mail address already exists."),
            _ => {
                tracing::info!(constraint = %column, "unique constraint refused a write");
                return AppError::Conflict {
                    message: "Someone else saved the same thing a moment ago. Reload to see it.".into(),
                };
            }
        };
        AppError::invalid(field, message)
    }

    impl From<tower_sessions::session::Error> for AppError {
        fn from(e: tower_sessions::session::Error) -> Self {
            AppError::internal(e)
        }
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{current_request, current_request_id, RequestContext, REQUEST};

#[cfg(not(feature = "ssr"))]
impl AppError {
    /// In the browser there is no server log: the transport's own failure is all there is.
    pub fn internal(_detail: impl std::fmt::Display) -> AppError {
        AppError::Internal { reference: "client".into() }
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl From<crate::policy::FieldError> for AppError {
    fn from(e: crate::policy::FieldError) -> Self {
        AppError::invalid(&e.field, e.message)
    }
}

impl From<crate::policy::Validation> for AppError {
    fn from(v: crate::policy::Validation) -> Self {
        let first = v.errors.first().cloned().unwrap_or_else(|| crate::policy::FieldError::new("", ""));
        AppError::Invalid { field: Some(first.field), message: first.message, fields: v.errors }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::AppError;

    /// What a concurrent insert of a taken name gets from SQLite, past the services' own check.
    async fn violation(schema: &str, insert: &str) -> AppError {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        sqlx::query(schema).execute(&pool).await.unwrap();
        sqlx::query(insert).execute(&pool).await.unwrap();
        AppError::from(sqlx::query(insert).execute(&pool).await.unwrap_err())
    }

    #[tokio::test]
    async fn a_unique_name_taken_by_a_concurrent_write_is_its_field() {
        let e = violation(
            "CREATE TABLE queues (company_id TEXT, name TEXT, UNIQUE (company_id, name))",
            "INSERT INTO queues VALUES ('c', 'Support')",
        )
        .await;
        assert_eq!(e.status(), 422);
        assert_eq!(e.field(), Some("name"));
        assert!(!e.to_string().contains("UNIQUE"), "no database text: {e}");
        let e = violation(
            "CREATE TABLE recordings (company_id TEXT, call_id TEXT, UNIQUE (company_id, call_id))",
            "INSERT INTO recordings VALUES ('c', 'call-1')",
        )
        .await;
        assert_eq!(e.status(), 409);
        assert!(!e.to_string().contains("UNIQUE"), "no database text: {e}");
    }
}
