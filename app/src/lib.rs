//! Earmark's Leptos app: pages, components and server functions, compiled into the server
//! (feature `ssr`) and into the browser's WASM (feature `hydrate`).

pub mod access;
pub mod api;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
/// The recording policy model, a crate of its own so that it stays plain Rust.
pub use policy;

#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod state;
// The store is private to this crate: the server binary, the CLI and the demo seed reach
// data only through `services`. Only the integration tests' own setup may look inside
// (feature `testing`, which the server's dev-dependency alone turns on).
#[cfg(all(feature = "ssr", not(feature = "testing")))]
mod store;
#[cfg(all(feature = "ssr", feature = "testing"))]
pub mod store;
/// The database handle the server opens (`services::bootstrap`) and hands to every request.
#[cfg(feature = "ssr")]
pub use store::{
    files::{PlatformStorage, RecordingStorage, Storages},
    secret::SecretKey,
    Db, Location, Pool,
};

use components::shell::{Header, SessionContext};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use model::imports::ImportKind;
use pages::imports::ImportView;
use pages::{
    audio_library::AudioView, audit_log::AuditLogView, company::CompanyHome, company::CompanyLayout,
    devices::DevicesView, errors::NotFound, force_record::ForceRecordView, home::HomePage, login::LoginPage,
    queues::QueuePage, queues::QueuesView, recording_mode::CompanyModeView, recording_mode::ResellerModeView,
    recording_mode::SystemModeView, recordings::RecordingDetailsView, recordings::RecordingsView,
    simulator::SimulatorPage, tokens::TokensView, users::UsersView,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Marks the page once the WASM has taken over, so tests can tell hydrated from not.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    // Every page is rendered whole before it is sent (SsrMode::Async): the status code can
    // still say 403 or 404, and the page is complete without JavaScript.
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Earmark".to_string() } else { format!("{page} · Earmark") }/>
        <Router>
            <Frame/>
        </Router>
    }
}

/// Everything inside the router. The session's actions are made here, not above the
/// router: a form posted without JavaScript comes back with its error in the address, and
/// only inside the router can an action read it from there.
#[component]
fn Frame() -> impl IntoView {
    SessionContext::provide();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <Header/>
        <main id="main" tabindex="-1">
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=pages::account::AccountView ssr=SsrMode::Async/>
                <Route path=path!("/administrators") view=pages::administrators::AdministratorsView ssr=SsrMode::Async/>
                <Route path=path!("/administrators/:admin") view=pages::administrators::AdminPage ssr=SsrMode::Async/>
                <Route path=path!("/roles") view=pages::roles::RolesView ssr=SsrMode::Async/>
                <Route path=path!("/audit-log") view=AuditLogView ssr=SsrMode::Async/>
                <Route path=path!("/system/recording-mode") view=SystemModeView ssr=SsrMode::Async/>
                <Route path=path!("/resellers/:reseller/recording-mode") view=ResellerModeView ssr=SsrMode::Async/>
                <Route path=path!("/system/retention") view=pages::retention::SystemRetentionView ssr=SsrMode::Async/>
                <Route path=path!("/resellers/:reseller/retention") view=pages::retention::ResellerRetentionView ssr=SsrMode::Async/>
                <ParentRoute path=path!("/c/:company") view=CompanyLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=CompanyHome ssr=SsrMode::Async/>
                    <Route path=path!("simulator") view=SimulatorPage ssr=SsrMode::Async/>
                    <Route path=path!("force-record") view=ForceRecordView ssr=SsrMode::Async/>
                    <Route path=path!("users") view=UsersView ssr=SsrMode::Async/>
                    <Route path=path!("audio") view=AudioView ssr=SsrMode::Async/>
                    <Route path=path!("recording-mode") view=CompanyModeView ssr=SsrMode::Async/>
                    <Route path=path!("queues") view=QueuesView ssr=SsrMode::Async/>
                    <Route path=path!("queues/:queue") view=QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("devices") view=DevicesView ssr=SsrMode::Async/>
                    <Route path=path!("users/import/:import") view=|| view! { <ImportView kind=ImportKind::Users/> } ssr=SsrMode::Async/>
                    <Route path=path!("devices/import/:import") view=|| view! { <ImportView kind=ImportKind::Devices/> } ssr=SsrMode::Async/>
                    <Route path=path!("recordings") view=RecordingsView ssr=SsrMode::Async/>
                    <Route path=path!("audit-log") view=AuditLogView ssr=SsrMode::Async/>
                    <Route path=path!("tokens") view=TokensView ssr=SsrMode::Async/>
                    <Route path=path!("administrators") view=pages::administrators::AdministratorsView ssr=SsrMode::Async/>
                    <Route path=path!("teams") view=pages::teams::TeamsView ssr=SsrMode::Async/>
                    <Route path=path!("treatment") view=pages::treatment::TreatmentView ssr=SsrMode::Async/>
                    <Route path=path!("storage") view=pages::storage::StorageView ssr=SsrMode::Async/>
                    <Route path=path!("retention") view=pages::retention::CompanyRetentionView ssr=SsrMode::Async/>
                    <Route path=path!("erasures") view=pages::erasures::ErasuresView ssr=SsrMode::Async/>
                    <Route path=path!("missing-recordings") view=pages::missing_recordings::MissingRecordingsView ssr=SsrMode::Async/>
                    <Route path=path!("recordings/:recording") view=RecordingDetailsView ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </main>
    }
}

/// The Content-Security-Policy of a page: scripts only from this site or carrying this
/// response's nonce (the hydration script), WASM allowed to compile, nothing framed.
#[cfg(feature = "ssr")]
fn set_page_policy() {
    use axum::http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        res.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
