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
    #[error("{message}")]
    Invalid { field: Option<String>, message: String },
    #[error("Too many sign-in attempts. Try again in {retry_after} s.")]
    Throttled { retry_after: u64 },
    #[error("{message}")]
    TooLarge { message: String },
    #[error("The request could not be understood.")]
    BadRequest,
    #[error("The server could not be reached. Check your connection and try again.")]
    Unreachable,
    #[error("Something went wrong on our side. Reference: {reference}.")]
    Internal { reference: String },
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid { field: Some(field.to_string()), message: message.into() }
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
        (self.field() == Some(name)).then(|| self.to_string())
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

    tokio::task_local! {
        /// The id of the request being served, set by the server's request-id middleware.
        pub static REQUEST_ID: String;
    }

    /// The request id of the current request, if this runs inside one.
    pub fn current_request_id() -> Option<String> {
        REQUEST_ID.try_with(|id| id.clone()).ok()
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
            AppError::internal(e)
        }
    }

    impl From<tower_sessions::session::Error> for AppError {
        fn from(e: tower_sessions::session::Error) -> Self {
            AppError::internal(e)
        }
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{current_request_id, REQUEST_ID};

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
        AppError::Invalid { field: Some(e.field), message: e.message }
    }
}
