//! Users: the company's users with the recording that applies to each, searched and paged
//! on the server; the gear opens the override dialog (`?edit=<id>`, so it also opens with
//! JavaScript off), which previews what a change does before it is saved.

use crate::api::policy::{get_user_editor, get_users_page, BulkSetCell, SaveUser};
use crate::components::form::action_error;
use crate::components::overrides::{
    edit_href, list_query, select_cell, EffectiveCell, ImpactPreview, OverrideFields, OverrideTable, SavedImpact,
    SearchBox,
};
use crate::components::status::{ErrorView, Loaded, Loading};
use crate::model::{UserEditor, UsersPage, USERS_PER_PAGE};
use crate::pages::company::use_company_id;
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
    let save = ServerAction::<SaveUser>::new();
    let bulk = ServerAction::<BulkSetCell>::new();
    let list = Resource::new(
        move || (company(), q(), page_no(), save.version().get() + bulk.version().get()),
        |(c, q, p, _)| get_users_page(c, q, p),
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
                        Ok(p) => view! { <UsersTable page=p q=q() bulk company=company()/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            {move || editing().map(|id| view! { <UserDialog user=id save close=list_query(&q(), page_no())/> })}
        </section>
    }
}

#[component]
fn UsersTable(page: UsersPage, q: String, bulk: ServerAction<BulkSetCell>, company: String) -> impl IntoView {
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
            let edit = edit_href(&q, page.page, &u.id);
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
            empty=if q.is_empty() { "This company has no users yet.".to_string() } else { format!("No user matches \"{q}\".") }
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
    let editor =
        Resource::new(move || (company(), id.get_value(), save.version().get()), |(c, u, _)| get_user_editor(c, u));
    let close = StoredValue::new(close);
    view! {
        <dialog open class="dialog" aria-labelledby="dialog-title" aria-modal="false">
            <Loaded
                resource=editor
                render=move |e| view! { <UserForm editor=e save company=company() close=close.get_value()/> }
            />
        </dialog>
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
