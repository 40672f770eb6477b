//! One section of a company, guarded by its privilege on the server: a supervisor who opens
//! the Users page gets the 403 page; a company outside the scope gets the 404 page.

use crate::access::Section;
use crate::api::tenants::get_company_section;
use crate::components::status::{ErrorView, Loading};
use crate::model::{SectionPage, SectionRows};
use crate::pages::company::use_company_id;
use crate::pages::errors::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SectionView() -> impl IntoView {
    let params = use_params_map();
    let company = use_company_id();
    let section = move || params.read().get("section").and_then(|s| Section::from_slug(&s));
    let page = Resource::new(
        move || (company(), section()),
        |(company, section)| async move {
            match section {
                Some(s) => get_company_section(company, s).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(p)) => view! { <SectionBody page=p/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SectionBody(page: SectionPage) -> impl IntoView {
    let title = page.section.label();
    let more = page.truncated.then(|| {
        view! { <p class="muted">"Showing the first 200. Search and paging come with this page's full version."</p> }
    });
    let body = match page.rows {
        SectionRows::Queues(rows) if rows.is_empty() => empty("This company has no queues yet."),
        SectionRows::Queues(rows) => view! {
            <table>
                <caption class="visually-hidden">"Queues"</caption>
                <thead><tr><th scope="col">"Queue"</th></tr></thead>
                <tbody>{rows.into_iter().map(|q| view! { <tr><td>{q.name}</td></tr> }).collect_view()}</tbody>
            </table>
        }
        .into_any(),
        SectionRows::Users(rows) if rows.is_empty() => empty("No users to show."),
        SectionRows::Users(rows) => view! {
            <table>
                <caption class="visually-hidden">"Users"</caption>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Extension"</th><th scope="col">"Team"</th><th scope="col">"Seat"</th></tr></thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|u| view! {
                            <tr>
                                <td>{u.name}</td>
                                <td>{u.extension}</td>
                                <td>{u.team.unwrap_or_else(|| "—".into())}</td>
                                <td>{if u.seat { "Yes" } else { "No" }}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        SectionRows::Devices(rows) if rows.is_empty() => empty("No devices to show."),
        SectionRows::Devices(rows) => view! {
            <table>
                <caption class="visually-hidden">"Devices"</caption>
                <thead><tr><th scope="col">"Device"</th><th scope="col">"Owner"</th></tr></thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|d| view! { <tr><td>{d.name}</td><td>{d.owner.unwrap_or_else(|| "No owner".into())}</td></tr> })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        SectionRows::AuditLog(rows) if rows.is_empty() => empty("Nothing has been logged for this company yet."),
        SectionRows::AuditLog(rows) => view! {
            <table>
                <caption class="visually-hidden">"Audit log"</caption>
                <thead><tr><th scope="col">"When (UTC)"</th><th scope="col">"Who"</th><th scope="col">"Action"</th><th scope="col">"Outcome"</th><th scope="col">"Detail"</th></tr></thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|a| view! {
                            <tr>
                                <td><time datetime=a.at.clone()>{a.at.replace('T', " ").trim_end_matches('Z').to_string()}</time></td>
                                <td>{a.actor.unwrap_or_default()}</td>
                                <td>{a.action}</td>
                                <td>{a.outcome}</td>
                                <td>{a.detail.unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        SectionRows::Administrators(rows) if rows.is_empty() => empty("This company has no administrators of its own yet."),
        SectionRows::Administrators(rows) => view! {
            <table>
                <caption class="visually-hidden">"Administrators"</caption>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th><th scope="col">"Status"</th><th scope="col">"Last login (UTC)"</th></tr></thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|a| view! {
                            <tr>
                                <td>{a.name}</td>
                                <td>{a.email}</td>
                                <td>{a.role}</td>
                                <td>{if a.disabled { "Disabled" } else { "Active" }}</td>
                                <td>{a.last_login_at.map(|t| t.replace('T', " ").trim_end_matches('Z').to_string()).unwrap_or_else(|| "Never".into())}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        SectionRows::Pending => empty("No settings are stored on this page yet."),
    };
    view! {
        <Title text=format!("{title} · {}", page.company.name)/>
        <section class="page">
            <h1>{title}</h1>
            <p class="muted">{format!("{} · Reseller {}", page.company.name, page.company.reseller_name)}</p>
            {body}
            {more}
        </section>
    }
}

fn empty(message: &'static str) -> AnyView {
    view! { <div class="empty"><p>{message}</p></div> }.into_any()
}
