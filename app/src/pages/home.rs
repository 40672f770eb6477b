//! The start page: straight to the company for a company administrator, the list of
//! reachable companies for platform and reseller administrators.

use crate::access::Privilege;
use crate::components::shell::SessionContext;
use crate::components::status::{ErrorView, Loading};
use crate::model::CompanyRef;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn HomePage() -> impl IntoView {
    let ctx = SessionContext::get();
    view! {
        <Title text="Companies"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match ctx.me.await {
                    Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                    Ok(Some(me)) if me.companies.len() == 1 => {
                        view! { <Redirect path=format!("/c/{}", me.companies[0].id)/> }.into_any()
                    }
                    Ok(Some(me)) => {
                        let system = me.privileges.has(Privilege::SystemModify);
                        let mut resellers: Vec<(String, String)> = if me.privileges.has(Privilege::ResellersModify) {
                            me.companies.iter().map(|c| (c.reseller_id.clone(), c.reseller_name.clone())).collect()
                        } else {
                            Vec::new()
                        };
                        resellers.dedup();
                        let administration = me.privileges.has(Privilege::AdministratorsModify);
                        let audit = me.privileges.has(Privilege::AuditLogView);
                        view! {
                            <CompanyList companies=me.companies/>
                            <ModeLinks system resellers/>
                            {(administration || audit).then(|| view! {
                                <section class="page">
                                    <h2>"Administration"</h2>
                                    <ul>
                                        {administration.then(|| view! {
                                            <li><a href="/administrators">"Administrators"</a></li>
                                            <li><a href="/roles">"Roles"</a></li>
                                        })}
                                        {audit.then(|| view! { <li><a href="/audit-log">"Audit log of your whole scope"</a></li> })}
                                    </ul>
                                </section>
                            })}
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CompanyList(companies: Vec<CompanyRef>) -> impl IntoView {
    if companies.is_empty() {
        return view! {
            <section class="page">
                <h1>"Companies"</h1>
                <div class="empty">
                    <p>"There are no companies in your scope yet."</p>
                </div>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="page">
            <h1>"Companies"</h1>
            <p class="muted">"Choose the company whose call recording you want to manage."</p>
            <ul class="company-cards">
                {companies
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class="card">
                                <a href=format!("/c/{}", c.id)>{c.name}</a>
                                <span class="muted">{format!("Reseller {}", c.reseller_name)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// The recording mode pages above the companies this administrator may change.
#[component]
fn ModeLinks(system: bool, resellers: Vec<(String, String)>) -> impl IntoView {
    if !system && resellers.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="page">
            <h2>"Recording mode and retention"</h2>
            <ul>
                {system.then(|| view! {
                    <li><a href="/system/recording-mode">"System recording mode"</a></li>
                    <li><a href="/system/retention">"System retention"</a></li>
                })}
                {resellers
                    .into_iter()
                    .map(|(id, name)| view! {
                        <li><a href=format!("/resellers/{id}/recording-mode")>{format!("Recording mode of reseller {name}")}</a></li>
                        <li><a href=format!("/resellers/{id}/retention")>{format!("Retention of reseller {name}")}</a></li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
