//! The 403 and 404 pages. Neither says whether the object exists.

use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
fn set_status(code: u16) {
    if let (Some(res), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(code))
    {
        res.set_status(status);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(404);
    view! {
        <Title text="Page not found"/>
        <section class="error-page" aria-labelledby="error-title">
            <p class="error-code">"404"</p>
            <h1 id="error-title">"Page not found"</h1>
            <p>"There is nothing at this address that you can open. Check the address, or start again from the start page."</p>
            <a class="button" href="/">"Go to the start page"</a>
        </section>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(403);
    view! {
        <Title text="Not allowed"/>
        <section class="error-page" aria-labelledby="error-title">
            <p class="error-code">"403"</p>
            <h1 id="error-title">"You are not allowed to open this page"</h1>
            <p>"Your role does not include the privilege this page needs. Ask an administrator of your company if you need it."</p>
            <a class="button" href="/">"Go to the start page"</a>
        </section>
    }
}
