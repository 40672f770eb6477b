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

/// The From and To dates of a list's filter (`from`, `to` in the address), each with the
/// message of the filter's error when it is about that field. Ids are `{prefix}-from`,
/// `{prefix}-to` and their `-error`.
#[component]
pub fn DateRangeFields(
    prefix: &'static str,
    from: String,
    to: String,
    error: Option<crate::policy::FieldError>,
) -> impl IntoView {
    let zone_error = error.as_ref().filter(|e| e.field == "tz").map(|e| e.message.clone());
    let field = move |name: &'static str, label: &'static str, value: String| {
        let message = error.as_ref().filter(|e| e.field == name).map(|e| e.message.clone());
        let (id, error_id) = (format!("{prefix}-{name}"), format!("{prefix}-{name}-error"));
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id name=name type="date" value=value aria-invalid=message.is_some().to_string() aria-describedby=error_id.clone()/>
                <p class="field-error" id=error_id>{message}</p>
            </div>
        }
    };
    view! {
        {field("from", "From", from)}
        {field("to", "To", to)}
        <crate::components::time::ZoneField prefix error=zone_error/>
    }
}

/// How many submissions of `action` have succeeded in this page: what a page's data is
/// fetched again on. A refused submission does not count, so the form is not drawn anew and
/// keeps what was typed next to its error.
pub fn successes<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    let count = StoredValue::new(0usize);
    Memo::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            count.update_value(|n| *n += 1);
        }
        count.get_value()
    })
}

/// True when the last submission of `action` succeeded in this page, or, before any, when
/// a form posted without JavaScript came back with `key` in the address (its success
/// redirect): what shows a form's confirmation.
pub fn succeeded<S>(action: ServerAction<S>, key: &'static str) -> impl Fn() -> bool + Copy + Send + Sync + 'static
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    move || {
        if action.version().get() == 0 {
            query.read().get(key).is_some()
        } else {
            action.value().with(|v| matches!(v, Some(Ok(_))))
        }
    }
}

/// The question before something is deleted or revoked, with the refusal of the last try
/// and the form that does it (`children`: the hidden fields and the buttons).
#[component]
pub fn ConfirmBox(
    /// Unique in the page: names the question for screen readers.
    id: String,
    prompt: String,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let (label, labelled_by) = (format!("confirm-{id}"), format!("confirm-{id}"));
    view! {
        <div class="confirm-box" role="alertdialog" aria-labelledby=labelled_by>
            <p id=label>{prompt}</p>
            <p class="alert error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
            {children()}
        </div>
    }
}

/// The message of `error` when it is about `field`.
pub fn about(
    error: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || error().and_then(|e| e.for_field(field))
}

/// An error that belongs to no field of the form.
pub fn general(
    error: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    fields: &'static [&'static str],
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || error().filter(|e| e.field().is_none_or(|f| !fields.contains(&f))).map(|e| e.to_string())
}
