//! How a page shows loading and refusals.

use crate::error::AppError;
use crate::pages::errors::{Forbidden, NotFound};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// A refusal as a page: sign in, 403, 404, or the error's own message.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let location = use_location();
    match error {
        AppError::Unauthenticated => {
            let next = location.pathname.get_untracked();
            let path = format!("/login?next={}", urlencode(&next));
            view! { <Redirect path=path/> }.into_any()
        }
        AppError::Forbidden => view! { <Forbidden/> }.into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        other => view! { <p class="alert error" role="alert">{other.to_string()}</p> }.into_any(),
    }
}

/// A stored RFC 3339 time as the pages show it: "2026-11-02 09:15 UTC", or with `seconds`
/// "2026-11-02 09:15:07 UTC". Text only, so the server and the browser render the same.
pub fn utc_text(rfc3339: &str, seconds: bool) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..if seconds { 19 } else { 16 })) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => rfc3339.to_string(),
    }
}

/// Percent-encodes a path for use as a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// "Loading…", then `render` of the loaded value, or the refusal as a page.
#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value).into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
