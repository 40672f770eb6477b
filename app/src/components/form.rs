//! What every form of the portal shares: the error of its last submission, whether it came
//! back in the address (JavaScript off) or from the action (JavaScript on).

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::error::ServerFnUrlError;
use leptos::server_fn::ServerFn;

/// The error of the last submission of `action`: from the action once it has run in this
/// page, else the one a form posted without JavaScript brought back in the address.
pub fn action_error<S>(action: ServerAction<S>) -> impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    let returned = StoredValue::new(
        use_context::<ServerActionError>()
            .filter(|e| e.path() == S::PATH)
            .map(|e| ServerFnUrlError::<AppError>::decode_err(e.err())),
    );
    move || {
        if action.version().get() == 0 {
            returned.get_value()
        } else {
            action.value().get().and_then(|r| r.err())
        }
    }
}
