//! The frame around every page: the header with the signed-in administrator, the tenant
//! picker and log out.

use crate::api::session::{get_me, Login, Logout};
use crate::error::AppError;
use crate::model::{CompanyRef, Me};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The session as the pages see it. `me` is fetched again after every login and logout.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub me: Resource<Result<Option<Me>, AppError>>,
}

impl SessionContext {
    pub fn provide() {
        let login = ServerAction::<Login>::new();
        let logout = ServerAction::<Logout>::new();
        let me = Resource::new(move || (login.version().get(), logout.version().get()), |_| get_me());
        provide_context(SessionContext { login, logout, me });
    }

    pub fn get() -> SessionContext {
        expect_context()
    }
}

/// The company id of the current address, `/c/{company}/...`.
pub fn company_in_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/c/")?;
    let id = rest.split('/').next().unwrap_or_default();
    (!id.is_empty()).then(|| id.to_string())
}

#[component]
pub fn Header() -> impl IntoView {
    let ctx = SessionContext::get();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"●"</span>
                "Earmark"
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match ctx.me.await {
                        Ok(Some(me)) => {
                            let must_change = me.must_change_password;
                            view! {
                                <SignedIn me=me/>
                                {must_change.then(|| view! {
                                    <p class="alert warn banner" role="alert">
                                        "An administrator set your password. "
                                        <a href="/account">"Choose your own on Your account"</a>
                                        " before you go on."
                                    </p>
                                })}
                            }
                            .into_any()
                        }
                        _ => ().into_any(),
                    }
                })}
            </Transition>
        </header>
    }
}

#[component]
fn SignedIn(me: Me) -> impl IntoView {
    let ctx = SessionContext::get();
    let picker = (me.companies.len() > 1).then(|| view! { <TenantPicker companies=me.companies.clone()/> });
    view! {
        {picker}
        <div class="who">
            <a class="who-name" href="/account" title="Your account">{me.name.clone()}</a>
            <span class="who-role">{format!("{} · {}", me.role, me.scope_label)}</span>
        </div>
        <ActionForm action=ctx.logout attr:class="logout">
            <button type="submit" class="secondary">"Log out"</button>
        </ActionForm>
    }
}

/// Reseller > company picker for administrators who reach more than one company. A
/// disclosure of plain links: it works by keyboard and without JavaScript.
#[component]
fn TenantPicker(companies: Vec<CompanyRef>) -> impl IntoView {
    let location = use_location();
    let details = NodeRef::<leptos::html::Details>::new();
    let all = companies.clone();
    let label = move || {
        company_in_path(&location.pathname.get())
            .and_then(|id| all.iter().find(|c| c.id == id).cloned())
            .map(|c| format!("{} · {}", c.reseller_name, c.name))
            .unwrap_or_else(|| "Choose a company".to_string())
    };
    // Companies arrive sorted by reseller, then name: group the runs.
    let mut groups: Vec<(String, Vec<CompanyRef>)> = Vec::new();
    for c in companies {
        match groups.last_mut() {
            Some((reseller, list)) if *reseller == c.reseller_name => list.push(c),
            _ => groups.push((c.reseller_name.clone(), vec![c])),
        }
    }
    let close = move |_| {
        if let Some(d) = details.get() {
            d.set_open(false);
        }
    };
    view! {
        <details class="picker" node_ref=details>
            <summary>
                <span class="picker-caption">"Company"</span>
                <span class="picker-current">{label}</span>
            </summary>
            <div class="picker-menu" on:click=close>
                {groups
                    .into_iter()
                    .map(|(reseller, list)| {
                        view! {
                            <div class="picker-group">
                                <p class="picker-reseller">{reseller}</p>
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|c| view! { <li><a href=format!("/c/{}", c.id)>{c.name}</a></li> })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </details>
    }
}
