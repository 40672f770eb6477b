//! A company: the navigation of its sections (only those the privileges open) and its
//! overview.

use crate::access::{Privilege, Section};
use crate::api::tenants::get_company_overview;
use crate::components::shell::SessionContext;
use crate::components::status::{ErrorView, Loading};
use crate::model::{CompanyOverview, Me};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_params_map;

pub fn use_company_id() -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.read().get("company").unwrap_or_default()
}

#[component]
pub fn CompanyLayout() -> impl IntoView {
    let ctx = SessionContext::get();
    let company = use_company_id();
    let nav = move || {
        Suspend::new(async move {
            match ctx.me.await {
                Ok(Some(me)) if me.company(&company()).is_some() => {
                    Some(view! { <CompanyNav me=me company=company()/> })
                }
                _ => None,
            }
        })
    };
    view! {
        <div class="company-layout">
            <Transition fallback=|| ()>{nav}</Transition>
            <div class="company-content">
                <Outlet/>
            </div>
        </div>
    }
}

#[component]
fn CompanyNav(me: Me, company: String) -> impl IntoView {
    let name = me.company(&company).map(|c| c.name.clone()).unwrap_or_default();
    let base = format!("/c/{company}");
    view! {
        <nav class="sidenav" aria-label="Company sections">
            <p class="sidenav-title">{name}</p>
            <ul>
                <li><A href=base.clone() exact=true>"Overview"</A></li>
                {Section::visible(me.privileges)
                    .into_iter()
                    .map(|s| {
                        // Beside the recordings: the calls that should have one and do not.
                        let missing = (s == Section::Recordings).then(|| view! {
                            <li><A href=format!("{base}/missing-recordings")>"Missing recordings"</A></li>
                        });
                        view! { <li><A href=format!("{base}/{}", s.slug())>{s.label()}</A></li>{missing} }
                    })
                    .collect_view()}
                {(me.privileges.has(Privilege::AudioLibraryModify) || me.privileges.has(Privilege::QueuesModify)).then(|| view! {
                    <li><A href=format!("{base}/audio")>"Audio library"</A></li>
                })}
                {me.privileges.has(Privilege::RecordingPolicyView).then(|| view! {
                    <li><A href=format!("{base}/treatment")>"Recording treatment"</A></li>
                    <li><A href=format!("{base}/storage")>"Storage"</A></li>
                    <li><A href=format!("{base}/retention")>"Retention"</A></li>
                    <li><A href=format!("{base}/simulator")>"Policy Simulator"</A></li>
                })}
                {me.privileges.has(Privilege::RecordingsDelete).then(|| view! {
                    <li><A href=format!("{base}/erasures")>"Erasure requests"</A></li>
                })}
                {me.privileges.has(Privilege::AdministratorsModify).then(|| view! {
                    <li><A href=format!("{base}/teams")>"Teams"</A></li>
                    <li><A href="/roles">"Roles"</A></li>
                    <li><A href=format!("{base}/tokens")>"API tokens"</A></li>
                })}
            </ul>
        </nav>
    }
}

#[component]
pub fn CompanyHome() -> impl IntoView {
    let company = use_company_id();
    let overview = Resource::new(company, get_company_overview);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <Overview o=o/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(o: CompanyOverview) -> impl IntoView {
    let ctx = SessionContext::get();
    let privileges = move || ctx.me.get().and_then(Result::ok).flatten().map(|m| m.privileges).unwrap_or_default();
    let base = format!("/c/{}", o.company.id);
    let licence = if o.licensed {
        format!("Licensed for call recording: {} seats, {} assigned.", o.seats, o.seats_used)
    } else {
        "Not licensed for call recording: no call of this company is recorded.".to_string()
    };
    let stat = move |label: &'static str, value: i64, section: Section| {
        let href = format!("{base}/{}", section.slug());
        view! {
            <li class="stat">
                <span class="stat-value">{value}</span>
                {move || if privileges().has(section.required()) {
                    view! { <a href=href.clone()>{label}</a> }.into_any()
                } else {
                    view! { <span>{label}</span> }.into_any()
                }}
            </li>
        }
    };
    view! {
        <Title text=o.company.name.clone()/>
        <section class="page">
            <h1>{o.company.name.clone()}</h1>
            <p class="muted">{format!("Reseller {}", o.company.reseller_name)}</p>
            <p class=if o.licensed { "notice ok" } else { "notice warn" }>{licence}</p>
            {(!o.has_storage).then(|| view! {
                <p class="notice warn">
                    "This company has no storage for recordings yet: uploads are refused until its storage account is set up on the "
                    <a href=format!("/c/{}/storage", o.company.id)>"Storage"</a>" page."
                </p>
            })}
            <ul class="stats">
                {stat("Queues", o.queues, Section::Queues)}
                {stat("Users", o.users, Section::Users)}
                {stat("Devices", o.devices, Section::Devices)}
            </ul>
            <p class="muted">{format!("{} teams.", o.teams)}</p>
        </section>
    }
}
