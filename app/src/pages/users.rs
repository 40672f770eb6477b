//! Users: the company's users with the recording that applies to each, searched and paged
//! on the server; the gear opens the override dialog (`?edit=<id>`, so it also opens with
//! JavaScript off), which previews what a change does before it is saved.

use crate::api::bulk_changes::BulkSetCell;
use crate::api::users::{get_user_editor, get_users_page, SaveUser, SaveUserTreatment};
use crate::components::form::{action_error, succeeded, successes};
use crate::components::overrides::{
    edit_href, list_query, select_cell, EffectiveCell, ImpactPreview, OverrideFields, OverrideTable, SavedImpact,
    SearchBox,
};
use crate::components::status::{urlencode, ErrorView, Loaded, Loading};
use crate::components::treatment::TreatmentFields;
use crate::model::imports::ImportKind;
use crate::model::{UserEditor, UsersPage, USERS_PER_PAGE};
use crate::pages::company::use_company_id;
use crate::pages::imports::ImportPanel;
use crate::policy::matrix::CELLS;
use crate::policy::{impact, Matrix, Override};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UsersView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let page_no = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    let editing = move || query.read().get("edit").filter(|e| !e.is_empty());
    let scope = move || query.read().get("scope").unwrap_or_default();
    let team = move || query.read().get("team").unwrap_or_default();
    // The filter rides along in every link of the list, so paging and the dialog keep it.
    let suffix = move || {
        let mut s = String::new();
        if !scope().is_empty() {
            s.push_str(&format!("&scope={}", urlencode(&scope())));
        }
        if !team().is_empty() {
            s.push_str(&format!("&team={}", urlencode(&team())));
        }
        s
    };
    let save = ServerAction::<SaveUser>::new();
    let bulk = ServerAction::<BulkSetCell>::new();
    let list = Resource::new(
        move || (company(), q(), page_no(), save.version().get() + bulk.version().get(), scope(), team()),
        |(c, q, p, _, s, t)| get_users_page(c, q, p, s, t),
    );
    view! {
        <Title text="Users"/>
        <section class="page">
            <h1>"Users"</h1>
            <p class="muted">
                "Each user's recording settings override the account's \"Force record all users\" switches; a device can override its user in turn."
            </p>
            <SearchBox label="Search by name or extension" q=q()/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) => view! {
                            <ImportPanel kind=ImportKind::Users can_modify=p.can_modify/>
                            <ScopeFilter page=p.clone() q=q()/>
                            <UsersTable page=p q=q() bulk company=company() suffix=suffix()/>
                        }
                        .into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            {move || editing().map(|id| view! { <UserDialog user=id save close=format!("{}{}", list_query(&q(), page_no()), suffix())/> })}
        </section>
    }
}

/// Seed 002's "Filter by": Me, Specific teams, Everyone, as far as the viewer's scope allows.
#[component]
fn ScopeFilter(page: UsersPage, q: String) -> impl IntoView {
    let option = |value: &'static str, label: &'static str, chosen: &str| {
        let selected = value == chosen;
        view! { <option value=value selected=selected prop:selected=selected>{label}</option> }
    };
    let chosen = page.scope.clone();
    let team_options = page
        .teams
        .iter()
        .map(|(id, name)| {
            let selected = *id == page.team;
            view! { <option value=id.clone() selected=selected prop:selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    let me_note = (page.scope == "me").then(|| format!("Users whose e-mail address is yours ({}).", page.my_email));
    view! {
        <form method="get" class="filters" role="search" aria-label="Whose settings">
            <input type="hidden" name="q" value=q/>
            <div class="field">
                <label for="users-scope">"Filter by"</label>
                <select id="users-scope" name="scope">
                    {option("me", "Me", &chosen)}
                    {option("teams", "Specific teams", &chosen)}
                    {page.everyone_allowed.then(|| option("everyone", "Everyone", &chosen))}
                </select>
            </div>
            <div class="field">
                <label for="users-team">"Team (for Specific teams)"</label>
                <select id="users-team" name="team">
                    <option value="" selected=page.team.is_empty()>{if page.everyone_allowed { "All teams" } else { "All my teams" }}</option>
                    {team_options}
                </select>
            </div>
            <div class="actions"><button type="submit" class="secondary">"Show"</button></div>
        </form>
        {me_note.map(|n| view! { <p class="muted">{n}</p> })}
    }
}

#[component]
fn UsersTable(
    page: UsersPage,
    q: String,
    bulk: ServerAction<BulkSetCell>,
    company: String,
    suffix: String,
) -> impl IntoView {
    let can_bulk = page.licensed && page.can_modify;
    let shown = page.rows.len() as i64;
    let seats = if page.licensed {
        format!("{} of {} recording seats assigned.", page.seats_used, page.seats)
    } else {
        format!("{} has no call-recording licence: these settings cannot be changed.", page.company)
    };
    let all_users = page.all_users;
    let rows = page
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let select = can_bulk.then(|| select_cell(i, &u.id, &u.name));
            let cells = CELLS
                .into_iter()
                .map(|(d, n)| match u.overrides.get(d, n).explicit() {
                    Some(on) => view! { <EffectiveCell on from="Set on user".to_string() own=true/> },
                    None => {
                        view! { <EffectiveCell on=all_users.get(d, n) from="Account default".to_string() own=false/> }
                    }
                })
                .collect_view();
            let edit = format!("{}{suffix}", edit_href(&q, page.page, &u.id));
            let label = format!("Recording settings of {}", u.name);
            view! {
                <tr>
                    {select}
                    <th scope="row">{u.name.clone()}</th>
                    <td>{u.extension}</td>
                    <td>{u.team.unwrap_or_else(|| "—".into())}</td>
                    <td>{if u.seat { "Yes" } else { "No" }}</td>
                    {cells}
                    <td><a class="gear" href=edit aria-label=label>"⚙"</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class=if page.licensed { "muted" } else { "notice warn" }>{seats}</p>
        <OverrideTable
            caption="Users and the recording that applies to their calls"
            leading=&["Name", "Extension", "Team", "Seat"]
            rows=rows.into_any()
            noun="users"
            empty=match (page.scope.as_str(), q.is_empty()) {
                ("me", _) => "No user of this company has your e-mail address.".to_string(),
                (_, false) => format!("No user matches \"{q}\"."),
                ("teams", true) => "No users in these teams.".to_string(),
                _ => "This company has no users yet.".to_string(),
            }
            q=q.clone()
            page=page.page
            per_page=USERS_PER_PAGE
            shown
            total=page.total
            bulk=can_bulk.then_some(bulk)
            company
        />
    }
}

#[component]
fn UserDialog(user: String, save: ServerAction<SaveUser>, close: String) -> impl IntoView {
    let company = use_company_id();
    let id = StoredValue::new(user);
    let save_treatment = ServerAction::<SaveUserTreatment>::new();
    let treatment_saves = successes(save_treatment);
    let editor = Resource::new(
        move || (company(), id.get_value(), save.version().get(), treatment_saves.get()),
        |(c, u, ..)| get_user_editor(c, u),
    );
    let close = StoredValue::new(close);
    view! {
        <dialog open class="dialog" aria-labelledby="dialog-title" aria-modal="false">
            <Loaded
                resource=editor
                render=move |e| view! {
                    <UserForm editor=e.clone() save company=company() close=close.get_value()/>
                    <UserTreatment editor=e save=save_treatment company=company()/>
                }
            />
        </dialog>
    }
}

/// The user's own treatment options: each at Company default unless set here.
#[component]
fn UserTreatment(editor: UserEditor, save: ServerAction<SaveUserTreatment>, company: String) -> impl IntoView {
    let error = action_error(save);
    let saved = succeeded(save, "treatment");
    let read_only = !editor.licensed || !editor.can_modify;
    let over_limit = RwSignal::new(false);
    let general =
        move || error().filter(|e| e.field().is_none() || e.field() == Some("licence")).map(|e| e.to_string());
    view! {
        <ActionForm action=save attr:class="form" attr:aria-labelledby="treatment-title">
            <h3 id="treatment-title">"Treatment"</h3>
            <p class="muted">"How this user's recorded calls are handled. Company default follows the company's Recording treatment page."</p>
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="user" value=editor.user.id.clone()/>
            <input type="hidden" name="version" value=editor.user.version/>
            <p class="alert ok" role="status" hidden=move || !saved()>"Treatment saved."</p>
            <p class="alert error" role="alert" hidden=move || general().is_none()>{general}</p>
            <TreatmentFields form=editor.treatment inherit=true effective=Some(editor.effective) mp3_files=editor.mp3_files
                disabled=read_only error over_limit prefix="user" upload=None/>
            {(!read_only).then(|| view! {
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || over_limit.get()>"Apply treatment"</button>
                </div>
            })}
        </ActionForm>
    }
}

#[component]
fn UserForm(editor: UserEditor, save: ServerAction<SaveUser>, company: String, close: String) -> impl IntoView {
    let error = action_error(save);
    let read_only = !editor.licensed || !editor.can_modify;
    let before = (editor.user.seat, editor.user.overrides);
    let overrides = RwSignal::new(editor.user.overrides);
    let enabled = RwSignal::new(editor.user.overrides != Matrix::default());
    let seat = RwSignal::new(editor.user.seat);
    let devices = StoredValue::new(editor.devices.clone());
    let all_users = editor.all_users;
    let name = editor.user.name.clone();
    let preview_name = name.clone();
    // What saving would do, by the same code the server runs after it saves.
    let preview = Memo::new(move |_| {
        let after = (seat.get(), if enabled.get() { overrides.get() } else { Matrix::<Override>::default() });
        devices.with_value(|d| impact::user_change(&preview_name, d, &all_users, before, after))
    });
    let saved = move || save.value().get().and_then(Result::ok);
    let form_error = move || error().filter(|e| e.field() != Some("seat")).map(|e| e.to_string());
    let seat_error = move || error().and_then(|e| e.for_field("seat"));
    let inherited: Vec<(bool, String)> =
        CELLS.into_iter().map(|(d, n)| (all_users.get(d, n), "the all-users switch".to_string())).collect();
    let notice = (!editor.licensed)
        .then_some("This company has no call-recording licence: these settings cannot be changed.")
        .or((!editor.can_modify).then_some("Changing these settings needs the Users & Devices: Modify privilege."));
    view! {
        <h2 id="dialog-title">{format!("Recording settings of {name}")}</h2>
        <p class="muted">{format!("Extension {} · {} device(s)", editor.user.extension, editor.user.devices)}</p>
        {notice.map(|n| view! { <p class="notice warn">{n}</p> })}
        <ActionForm action=save attr:class="form" attr:aria-describedby="user-form-error">
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="user" value=editor.user.id.clone()/>
            <input type="hidden" name="form[version]" value=editor.user.version/>
            <p id="user-form-error" class="alert error" role="alert" hidden=move || form_error().is_none()>{form_error}</p>
            {move || saved().map(|s| view! { <SavedImpact lines=s.impact/> })}
            <OverrideFields overrides enabled inherited disabled=read_only/>
            <div class="field">
                <label class="choice" for="user-seat">
                    <input
                        type="checkbox"
                        id="user-seat"
                        name="form[seat]"
                        value="on"
                        checked=editor.user.seat
                        disabled=read_only
                        aria-describedby="user-seat-error"
                        on:change=move |ev| seat.set(event_target_checked(&ev))
                    />
                    "Holds a recording seat (the user's own settings count only with a seat)"
                </label>
                <p class="field-error" id="user-seat-error">{seat_error}</p>
            </div>
            <ImpactPreview lines=preview/>
            <div class="actions">
                {(!read_only).then(|| view! { <button type="submit" class="primary">"Save Changes"</button> })}
                <a class="button secondary" href=close>"Close"</a>
            </div>
        </ActionForm>
    }
}
