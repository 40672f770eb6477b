//! Account Force Record: the two switch grids (all users, entire account) and on-demand
//! recording. The form posts to a server function and works with JavaScript off; with
//! JavaScript the feature code is checked as it is typed, by the same code the server runs.

use crate::api::force_record::{get_force_record, SaveForceRecord};
use crate::components::form::action_error;
use crate::components::overrides::{ImpactPreview, SavedImpact};
use crate::components::status::Loaded;
use crate::error::AppError;
use crate::model::{ForceRecordForm, ForceRecordPage};
use crate::pages::company::use_company_id;
use crate::policy::matrix::CELLS;
use crate::policy::{impact, Direction, ForceRecord, Matrix, OnDemand};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForceRecordView() -> impl IntoView {
    let company = use_company_id();
    let save = ServerAction::<SaveForceRecord>::new();
    // A save reloads the page's data, so what is shown is what is stored.
    let page = Resource::new(move || (company(), save.version().get()), |(c, _)| get_force_record(c));
    view! {
        <Title text="Account Force Record"/>
        <section class="page">
            <h1>"Account Force Record"</h1>
            <Loaded resource=page render=move |p| view! { <ForceRecordForm page=p save company=company()/> }/>
        </section>
    }
}

const HELP_ALL_USERS: &str = "Records every call of every user and device, unless a user's or device's own setting says otherwise (Users and Devices pages).";
const HELP_ENTIRE: &str = "Records every call of the company that matches, including queues, ring groups and conferences, whatever the users' and devices' own settings say.";

#[component]
fn SwitchGrid(
    matrix: &'static str,
    title: &'static str,
    help: &'static str,
    values: RwSignal<Matrix<bool>>,
    disabled: bool,
) -> impl IntoView {
    let row = move |direction: Direction| {
        let cells = CELLS
            .into_iter()
            .filter(|(d, _)| *d == direction)
            .map(|(d, n)| {
                let name = ForceRecordForm::cell_name(matrix, d, n);
                let id = format!("{matrix}-{}-{}", d.key(), n.key());
                let label = format!("{title}: {} {} calls", d.label(), n.label());
                view! {
                    <td>
                        <input
                            type="checkbox"
                            class="switch"
                            id=id
                            name=name
                            value="on"
                            checked=values.get_untracked().get(d, n)
                            disabled=disabled
                            aria-label=label
                            on:change=move |ev| values.update(|m| m.set(d, n, event_target_checked(&ev)))
                        />
                    </td>
                }
            })
            .collect_view();
        view! { <tr><th scope="row">{direction.label()}</th>{cells}</tr> }
    };
    view! {
        <fieldset class="grid-set">
            <legend>{title}</legend>
            <p class="help">{help}</p>
            <table class="switch-grid">
                <thead>
                    <tr><td></td><th scope="col">"Internal"</th><th scope="col">"External"</th></tr>
                </thead>
                <tbody>{row(Direction::Inbound)}{row(Direction::Outbound)}</tbody>
            </table>
        </fieldset>
    }
}

#[component]
fn ForceRecordForm(page: ForceRecordPage, save: ServerAction<SaveForceRecord>, company: String) -> impl IntoView {
    let error = action_error(save);
    let read_only = !page.licensed || !page.can_modify;
    let current = page.current.clone();
    let enabled = RwSignal::new(current.force.on_demand.enabled);
    let code = RwSignal::new(current.force.on_demand.code.clone());
    // The same check the server makes, as the administrator types.
    let live_code_error = move || {
        let f =
            ForceRecord { on_demand: OnDemand { enabled: enabled.get(), code: code.get() }, ..ForceRecord::default() };
        f.validate(&[]).message_for("on_demand.code").map(str::to_string)
    };
    let code_error = move || live_code_error().or_else(|| error().and_then(|e| e.for_field("on_demand.code")));
    let form_error = move || error().filter(|e| e.field() != Some("on_demand.code")).map(|e| e.to_string());
    let stale = move || matches!(error(), Some(AppError::Stale));
    let saved = move || save.value().get().and_then(Result::ok);
    let all_users = RwSignal::new(current.force.all_users);
    let entire_account = RwSignal::new(current.force.entire_account);
    let before = current.force.clone();
    // What saving would change, by the same code the server uses to report the save.
    let preview = Memo::new(move |_| {
        let after = ForceRecord {
            all_users: all_users.get(),
            entire_account: entire_account.get(),
            on_demand: OnDemand { enabled: enabled.get(), code: code.get() },
        };
        impact::force_change(&before, &after)
    });
    let pending = save.pending();
    let notice = if !page.licensed {
        Some(format!(
            "{} has no call-recording licence: no call is recorded and these settings cannot be changed.",
            page.company
        ))
    } else if !page.can_modify {
        Some("You can see these settings; changing them needs the Recording Policy: Modify privilege.".to_string())
    } else {
        None
    };
    view! {
        <p class="muted">
            "Account settings are tracked separately from endpoints (users and devices): a user or device may have recording turned off while the account records. "
            "Inbound and outbound are relative to the company; internal calls stay between the company's devices, external calls reach the outside world."
        </p>
        {notice.map(|n| view! { <p class="notice warn">{n}</p> })}
        <ActionForm action=save attr:class="form" attr:aria-describedby="force-form-error">
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="form[version]" value=current.version/>
            <p id="force-form-error" class="alert error" role="alert" hidden=move || form_error().is_none()>
                {form_error}
                {move || stale().then(|| view! { " " <a href="">"Reload the page"</a> })}
            </p>
            {move || saved().map(|s| view! { <SavedImpact lines=s.impact/> })}
            <div class="grids">
                <SwitchGrid
                    matrix="all_users"
                    title="Force record all users"
                    help=HELP_ALL_USERS
                    values=all_users
                    disabled=read_only
                />
                <SwitchGrid
                    matrix="entire_account"
                    title="Force record entire account"
                    help=HELP_ENTIRE
                    values=entire_account
                    disabled=read_only
                />
            </div>
            <fieldset>
                <legend>"On-demand (in-call) recording"</legend>
                <p class="help">
                    "Everyone in the company can press the feature code during a call to start recording it. "
                    "Make sure it does not clash with the platform's feature codes."
                </p>
                <label class="choice" for="on-demand-enabled">
                    <input
                        type="checkbox"
                        id="on-demand-enabled"
                        name="form[on_demand_enabled]"
                        value="on"
                        checked=current.force.on_demand.enabled
                        disabled=read_only
                        on:change=move |ev| enabled.set(event_target_checked(&ev))
                    />
                    "Enable on-demand recording"
                </label>
                <div class="field">
                    <label for="on-demand-code">"Feature code"</label>
                    <input
                        id="on-demand-code"
                        name="form[on_demand_code]"
                        type="text"
                        inputmode="tel"
                        autocomplete="off"
                        size="6"
                        value=current.force.on_demand.code.clone()
                        disabled=read_only
                        aria-describedby="on-demand-code-hint on-demand-code-error"
                        aria-invalid=move || code_error().is_some().to_string()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    <p class="hint" id="on-demand-code-hint">"* followed by 1 to 4 digits, e.g. *9."</p>
                    <p class="field-error" id="on-demand-code-error">{code_error}</p>
                </div>
            </fieldset>
            {(!read_only).then(|| view! { <ImpactPreview lines=preview/> })}
            {(!read_only).then(|| view! {
                <div>
                    <button type="submit" class="primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Saving…" } else { "Save Changes" }}
                    </button>
                </div>
            })}
        </ActionForm>
    }
}
