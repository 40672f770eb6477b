//! The Audit log page (`/c/{company}/audit-log`, or `/audit-log` for everything inside the
//! viewer's scope): every entry of the company (logins of its administrators, writes,
//! refused writes, plays and downloads), filtered by time, administrator, action and object,
//! newest first, each change shown field by field; the filtered view exports as CSV.

use crate::api::audit_log::get_audit_log;
use crate::components::form::DateRangeFields;
use crate::components::status::{ErrorView, Loading};
use crate::components::time::Time;
use crate::error::AppError;
use crate::model::audit_log::{AuditEntry, AuditFilter, AuditPage};
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        AuditFilter {
            from: get("from"),
            to: get("to"),
            actor: get("actor"),
            action: get("action"),
            object: get("object"),
            before: get("before"),
            tz: get("tz"),
        }
    });
    let page = Resource::new(move || (company(), filter.get()), |(c, f)| get_audit_log(c, f));
    view! {
        <Title text="Audit log"/>
        <section class="page">
            <h1>"Audit log"</h1>
            <p class="muted">{move || if company().is_empty() {
                "Every entry inside your scope: logins of administrators above company level, changes and refusals at every level, and every company's entries. Entries cannot be changed or deleted."
            } else {
                "Every change to this company's settings, every refused change, every login of its administrators, and every play and download of a recording. Entries cannot be changed or deleted."
            }}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let f = filter.get();
                    match page.await {
                        Ok(p) => view! { <Filters filter=f.clone() actions=p.actions.clone() company=company()/><Entries page=p filter=f/> }.into_any(),
                        Err(AppError::Invalid { .. }) => view! {
                            <Filters filter=f actions=Vec::new() company=company()/>
                            <p class="empty">"Correct the filter to see entries."</p>
                        }
                        .into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Filters(filter: AuditFilter, actions: Vec<String>, company: String) -> impl IntoView {
    let error = filter.parse().err();
    let chosen = filter.action.clone();
    let options = actions
        .into_iter()
        .map(|a| {
            let selected = a == chosen;
            view! { <option value=a.clone() selected=selected prop:selected=selected>{a.clone()}</option> }
        })
        .collect_view();
    let csv = if company.is_empty() {
        format!("/api/v1/audit-log.csv?{}", filter.query_string())
    } else {
        format!("/api/v1/companies/{company}/audit-log.csv?{}", filter.query_string())
    };
    view! {
        <form class="filters" method="get" role="search" aria-label="Filter the audit log">
            <DateRangeFields prefix="audit" from=filter.from.clone() to=filter.to.clone() error=error.clone()/>
            <div class="field">
                <label for="audit-actor">"Administrator"</label>
                <input id="audit-actor" name="actor" type="search" value=filter.actor.clone() autocomplete="off" placeholder="part of an e-mail address"/>
            </div>
            <div class="field">
                <label for="audit-action">"Action"</label>
                <select id="audit-action" name="action">
                    <option value="" selected=filter.action.is_empty() prop:selected=filter.action.is_empty()>"All actions"</option>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="audit-object">"Object"</label>
                <input id="audit-object" name="object" type="search" value=filter.object.clone() autocomplete="off" placeholder="a kind (queue) or an id"/>
            </div>
            <div class="actions">
                <button type="submit">"Apply"</button>
                <a class="button secondary" href="?">"Clear"</a>
                <a class="button secondary" href=csv download>"Export CSV"</a>
            </div>
        </form>
    }
}

fn entry_row(e: &AuditEntry) -> impl IntoView {
    let object = match (&e.object_kind, &e.object_id) {
        (Some(k), Some(id)) => format!("{k} {id}"),
        (Some(k), None) => k.clone(),
        (None, Some(id)) => id.clone(),
        (None, None) => "—".into(),
    };
    let changes = e
        .changes
        .iter()
        .map(|c| {
            let before = if c.before.is_empty() { "—".to_string() } else { c.before.clone() };
            let after = if c.after.is_empty() { "—".to_string() } else { c.after.clone() };
            view! { <li><code>{c.field.clone()}</code>": " <del>{before}</del>" → " <ins>{after}</ins></li> }
        })
        .collect_view();
    let outcome_class = if e.outcome == "ok" { "badge" } else { "badge warn" };
    view! {
        <tr>
            <td><Time at=e.at.clone() seconds=true/></td>
            <td>{e.actor.clone()}</td>
            <th scope="row"><code>{e.action.clone()}</code></th>
            <td><span class=outcome_class>{e.outcome.clone()}</span></td>
            <td class="object">{object}</td>
            <td>
                {e.detail.clone().map(|d| view! { <p class="detail">{d}</p> })}
                <ul class="changes">{changes}</ul>
            </td>
        </tr>
    }
}

#[component]
fn Entries(page: AuditPage, filter: AuditFilter) -> impl IntoView {
    if page.entries.is_empty() {
        return view! { <p class="empty">"No entries match these filters."</p> }.into_any();
    }
    let rows = page.entries.iter().map(entry_row).collect_view();
    let base = filter.query_string();
    let sep = if base.is_empty() { "" } else { "&" };
    let newest =
        (!filter.before.is_empty()).then(|| view! { <a class="button secondary" href=format!("?{base}")>"Newest"</a> });
    let older = page
        .older
        .map(|c| view! { <a class="button secondary" href=format!("?{base}{sep}before={c}") rel="next">"Older →"</a> });
    view! {
        <table class="audit">
            <caption class="visually-hidden">"Audit log entries"</caption>
            <thead>
                <tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"Object"</th>
                    <th scope="col">"Change"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="pager" aria-label="Pages of the audit log">{newest}{older}</nav>
    }
    .into_any()
}
