//! Sign in. A plain form posted to the `login` server function: it works before hydration
//! and with JavaScript off (errors come back in the address and are shown the same way).

use crate::api::session::{safe_next, Login};
use crate::components::shell::SessionContext;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::error::ServerFnUrlError;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let ctx = SessionContext::get();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    // Without JavaScript the form's error comes back in the address; the routes read it.
    let returned_error = StoredValue::new(
        use_context::<ServerActionError>()
            .filter(|e| e.path() == Login::PATH)
            .map(|e| ServerFnUrlError::<AppError>::decode_err(e.err())),
    );
    let error = move || {
        if ctx.login.version().get() == 0 {
            returned_error.get_value()
        } else {
            ctx.login.value().get().and_then(|r| r.err())
        }
    };
    let field_error = move |name: &'static str| move || error().and_then(|e| e.for_field(name));
    let form_error = move || error().filter(|e| e.field().is_none()).map(|e| e.to_string());
    let pending = ctx.login.pending();

    // Already signed in: go where the sign-in would have gone.
    let signed_in = move || {
        Suspend::new(async move {
            match ctx.me.await {
                Ok(Some(_)) => Some(view! { <Redirect path=safe_next(&next()).to_string()/> }),
                _ => None,
            }
        })
    };

    view! {
        <Title text="Sign in"/>
        <Suspense fallback=|| ()>{signed_in}</Suspense>
        <section class="login card" aria-labelledby="login-title">
            <h1 id="login-title">"Sign in to Earmark"</h1>
            <p class="muted">"Call-recording administration for your platform, resellers and companies."</p>
            <ActionForm action=ctx.login attr:class="form" attr:aria-describedby="login-error">
                <input type="hidden" name="next" value=next/>
                <p id="login-error" class="alert error" role="alert" hidden=move || form_error().is_none()>
                    {form_error}
                </p>
                <div class="field">
                    <label for="email">"E-mail address"</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        aria-describedby="email-error"
                        aria-invalid=move || field_error("email")().is_some().to_string()
                    />
                    <p class="field-error" id="email-error">{field_error("email")}</p>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-describedby="password-error"
                        aria-invalid=move || field_error("password")().is_some().to_string()
                    />
                    <p class="field-error" id="password-error">{field_error("password")}</p>
                </div>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
        </section>
    }
}
