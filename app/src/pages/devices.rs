//! Devices: each device with the recording that applies to it and where each cell comes
//! from (set on the device, from its user, or the account's all-users switch); the gear
//! opens the override dialog (`?edit=<id>`, JavaScript optional).

use crate::api::bulk_changes::BulkSetCell;
use crate::api::devices::{get_device_editor, get_devices_page, SaveDevice};
use crate::components::form::action_error;
use crate::components::overrides::{
    edit_href, list_query, select_cell, EffectiveCell, ImpactPreview, OverrideFields, OverrideTable, SavedImpact,
    SearchBox,
};
use crate::components::status::{ErrorView, Loaded, Loading};
use crate::model::imports::ImportKind;
use crate::model::{DeviceEditor, DevicesPage, DEVICES_PER_PAGE};
use crate::pages::company::use_company_id;
use crate::pages::imports::ImportPanel;
use crate::policy::decision::endpoint_value;
use crate::policy::matrix::CELLS;
use crate::policy::{impact, DeviceFacts, Level, Matrix, Origin, Override};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where a device's cell comes from, in the words of the badge.
fn badge(origin: &Origin) -> (String, bool) {
    match origin.level {
        Level::Device => ("Set on device".into(), true),
        Level::User => (format!("From user {}", origin.name), false),
        _ => ("Account default".into(), false),
    }
}

#[component]
pub fn DevicesView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let page_no = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    let editing = move || query.read().get("edit").filter(|e| !e.is_empty());
    let save = ServerAction::<SaveDevice>::new();
    let bulk = ServerAction::<BulkSetCell>::new();
    let list = Resource::new(
        move || (company(), q(), page_no(), save.version().get() + bulk.version().get()),
        |(c, q, p, _)| get_devices_page(c, q, p),
    );
    view! {
        <Title text="Devices"/>
        <section class="page">
            <h1>"Devices"</h1>
            <p class="muted">
                "A device's own setting wins over its user's; a device set to Off is not recorded even when its user is On. The account's \"Force record entire account\" switches apply separately."
            </p>
            <SearchBox label="Search by device or owner" q=q()/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) => view! {
                            <ImportPanel kind=ImportKind::Devices can_modify=p.can_modify/>
                            <DevicesTable page=p q=q() bulk company=company()/>
                        }
                        .into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            {move || editing().map(|id| view! { <DeviceDialog device=id save close=list_query(&q(), page_no())/> })}
        </section>
    }
}

#[component]
fn DevicesTable(page: DevicesPage, q: String, bulk: ServerAction<BulkSetCell>, company: String) -> impl IntoView {
    let can_bulk = page.licensed && page.can_modify;
    let shown = page.rows.len() as i64;
    let all_users = page.all_users;
    let account = Origin::new(Level::Company, "", page.company.clone());
    let rows = page
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let d = row.facts;
            let select = can_bulk.then(|| select_cell(i, &d.id, &d.name));
            let cells = CELLS
                .into_iter()
                .map(|(dir, net)| {
                    let (on, origin) = endpoint_value(&d, &all_users, &account, dir, net);
                    let (from, own) = badge(&origin);
                    view! { <EffectiveCell on from own/> }
                })
                .collect_view();
            let owner = d.owner.as_ref().map(|u| u.name.clone()).unwrap_or_else(|| "—".into());
            let edit = edit_href(&q, page.page, &d.id);
            let label = format!("Recording settings of {}", d.name);
            view! {
                <tr>
                    {select}
                    <th scope="row">{d.name.clone()}</th>
                    <td>{owner}</td>
                    {cells}
                    <td><a class="gear" href=edit aria-label=label>"⚙"</a></td>
                </tr>
            }
        })
        .collect_view();
    let notice = (!page.licensed)
        .then(|| format!("{} has no call-recording licence: these settings cannot be changed.", page.company));
    view! {
        {notice.map(|n| view! { <p class="notice warn">{n}</p> })}
        <OverrideTable
            caption="Devices and the recording that applies to their calls"
            leading=&["Device", "Owner"]
            rows=rows.into_any()
            noun="devices"
            empty=if q.is_empty() { "This company has no devices yet.".to_string() } else { format!("No device matches \"{q}\".") }
            q=q.clone()
            page=page.page
            per_page=DEVICES_PER_PAGE
            shown
            total=page.total
            bulk=can_bulk.then_some(bulk)
            company
        />
    }
}

#[component]
fn DeviceDialog(device: String, save: ServerAction<SaveDevice>, close: String) -> impl IntoView {
    let company = use_company_id();
    let id = StoredValue::new(device);
    let editor =
        Resource::new(move || (company(), id.get_value(), save.version().get()), |(c, d, _)| get_device_editor(c, d));
    let close = StoredValue::new(close);
    view! {
        <dialog open class="dialog" aria-labelledby="dialog-title" aria-modal="false">
            <Loaded
                resource=editor
                render=move |e| view! { <DeviceForm editor=e save company=company() close=close.get_value()/> }
            />
        </dialog>
    }
}

#[component]
fn DeviceForm(editor: DeviceEditor, save: ServerAction<SaveDevice>, company: String, close: String) -> impl IntoView {
    let error = action_error(save);
    let read_only = !editor.licensed || !editor.can_modify;
    let before: DeviceFacts = editor.device.facts.clone();
    let overrides = RwSignal::new(before.overrides);
    let enabled = RwSignal::new(before.overrides != Matrix::default());
    let all_users = editor.all_users;
    // What "Account default" means for this device: its user's value, else the account's.
    let without_own = DeviceFacts { overrides: Matrix::default(), ..before.clone() };
    let inherited: Vec<(bool, String)> = CELLS
        .into_iter()
        .map(|(d, n)| {
            let (on, origin) = endpoint_value(&without_own, &all_users, &Origin::system(), d, n);
            let from = match origin.level {
                Level::User => format!("user {}", origin.name),
                _ => "the all-users switch".to_string(),
            };
            (on, from)
        })
        .collect();
    let stored_before = StoredValue::new(before.clone());
    let preview = Memo::new(move |_| {
        let own = if enabled.get() { overrides.get() } else { Matrix::<Override>::default() };
        stored_before.with_value(|b| {
            let after = DeviceFacts { overrides: own, ..b.clone() };
            impact::device_change(b, &after, &all_users)
        })
    });
    let saved = move || save.value().get().and_then(Result::ok);
    let form_error = move || error().map(|e| e.to_string());
    let owner = match &before.owner {
        Some(u) if u.seat => format!("Owner: {}", u.name),
        Some(u) => format!("Owner: {} (no recording seat: the device's own settings do not count)", u.name),
        None => "No owner: the device inherits from the account.".to_string(),
    };
    let notice = (!editor.licensed)
        .then_some("This company has no call-recording licence: these settings cannot be changed.")
        .or((!editor.can_modify).then_some("Changing these settings needs the Users & Devices: Modify privilege."));
    view! {
        <h2 id="dialog-title">{format!("Recording settings of {}", before.name)}</h2>
        <p class="muted">{owner}</p>
        {notice.map(|n| view! { <p class="notice warn">{n}</p> })}
        <ActionForm action=save attr:class="form" attr:aria-describedby="device-form-error">
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="device" value=before.id.clone()/>
            <input type="hidden" name="form[version]" value=editor.device.version/>
            <p id="device-form-error" class="alert error" role="alert" hidden=move || form_error().is_none()>{form_error}</p>
            {move || saved().map(|s| view! { <SavedImpact lines=s.impact/> })}
            <OverrideFields overrides enabled inherited disabled=read_only/>
            <ImpactPreview lines=preview/>
            <div class="actions">
                {(!read_only).then(|| view! { <button type="submit" class="primary">"Save Changes"</button> })}
                <a class="button secondary" href=close>"Close"</a>
            </div>
        </ActionForm>
    }
}
