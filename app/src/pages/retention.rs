//! Retention at system, reseller and company level: how long recordings are kept, where the
//! period that applies was set, and, before a period is saved, how many recordings the next
//! purge would delete under it.

use crate::api::retention::{get_retention_page, preview_retention, SaveRetention};
use crate::components::form::{about, action_error, general, succeeded, successes};
use crate::components::status::Loaded;
use crate::model::retention::RetentionPage;
use crate::policy::retention::SYSTEM_DEFAULT_DAYS;
use crate::policy::Level;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CompanyRetentionView() -> impl IntoView {
    let params = use_params_map();
    view! { <RetentionView level="company" id=Signal::derive(move || params.read().get("company").unwrap_or_default())/> }
}

#[component]
pub fn ResellerRetentionView() -> impl IntoView {
    let params = use_params_map();
    view! { <RetentionView level="reseller" id=Signal::derive(move || params.read().get("reseller").unwrap_or_default())/> }
}

#[component]
pub fn SystemRetentionView() -> impl IntoView {
    view! { <RetentionView level="system" id=Signal::derive(String::new)/> }
}

#[component]
fn RetentionView(level: &'static str, id: Signal<String>) -> impl IntoView {
    let save = ServerAction::<SaveRetention>::new();
    let saves = successes(save);
    let page = Resource::new(move || (id.get(), saves.get()), move |(id, _)| get_retention_page(level.into(), id));
    let saved = succeeded(save, "saved");
    view! {
        <Title text="Retention"/>
        <section class="page">
            <h1>"Retention"</h1>
            <p class="muted">"How long recordings are kept after their call. A purge runs every hour and deletes the recordings older than the period that applies to their company; a recording on legal hold is never deleted."</p>
            <p class="alert ok" role="status" hidden=move || !saved()>"Saved. The next purge uses the period below."</p>
            <Loaded resource=page render=move |p| view! { <RetentionForm page=p save level/> }/>
        </section>
    }
}

const FIELDS: &[&str] = &["days", "confirm"];

#[component]
fn RetentionForm(page: RetentionPage, save: ServerAction<SaveRetention>, level: &'static str) -> impl IntoView {
    let error = action_error(save);
    let system = page.level == Level::System;
    let inherits = RwSignal::new(page.days == "default");
    let days = RwSignal::new(if page.days == "default" { String::new() } else { page.days.clone() });
    let asked = move || if inherits.get() { "default".to_string() } else { days.get() };
    let id = StoredValue::new(page.id.clone());
    let counted = page.next_purge.is_some();
    let now = page.next_purge.unwrap_or_default();
    // Counted on the server for the period being typed; the period saved counts `now`.
    let preview = Resource::new(
        move || counted.then(asked),
        move |d| async move {
            match d {
                Some(d) => preview_retention(level.into(), id.get_value(), d).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let sentence = move || {
        preview.get().map(|r| match r {
            Ok(Some(p)) if p.recordings > now => {
                format!("{} That is {} more than now.", p.sentence(), p.recordings - now)
            }
            Ok(Some(p)) => p.sentence(),
            Ok(None) => String::new(),
            Err(e) => e.for_field("days").unwrap_or_else(|| e.to_string()),
        })
    };
    let disabled = !page.can_modify;
    let read_only = disabled.then_some("You can see this setting; changing it needs a privilege you do not hold.");
    let above = match page.level {
        Level::Company => "the reseller's period, or the system's",
        _ => "the system's period",
    };
    view! {
        <p>"Applies now: "<strong data-testid="retention-effective">{page.effective.clone()}</strong></p>
        {read_only.map(|n| view! { <p class="notice warn">{n}</p> })}
        <ActionForm action=save attr:class="form">
            <input type="hidden" name="level" value=level/>
            <input type="hidden" name="id" value=page.id.clone()/>
            <input type="hidden" name="version" value=page.version/>
            // What the days field held when drawn: a number typed while Default stayed chosen
            // (no JavaScript to switch the choice) is taken as the period meant.
            <input type="hidden" name="shown_days" value=days.get_untracked()/>
            <p class="alert error" role="alert" hidden=move || general(error, FIELDS)().is_none()>{general(error, FIELDS)}</p>
            <fieldset class="field">
                <legend>"Keep recordings for"</legend>
                {(!system).then(|| view! {
                    <div class="choice">
                        <input type="radio" id="retention-default" name="period" value="default" checked=page.days == "default"
                            prop:checked=move || inherits.get() disabled=disabled
                            on:change=move |_| {
                                inherits.set(true);
                                days.set(String::new());
                            }/>
                        <label for="retention-default">"Default: "{above}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="retention-own" name="period" value="days" checked=page.days != "default"
                            prop:checked=move || !inherits.get() disabled=disabled on:change=move |_| inherits.set(false)/>
                        <label for="retention-own">"A period of this level's own"</label>
                    </div>
                })}
                <label for="retention-days">"Days"</label>
                <input id="retention-days" name="days" type="text" inputmode="numeric" autocomplete="off"
                    placeholder=SYSTEM_DEFAULT_DAYS.to_string() value=days.get_untracked() prop:value=days disabled=disabled
                    aria-describedby="retention-days-help retention-days-error"
                    aria-invalid=move || about(error, "days")().is_some().to_string()
                    on:input=move |ev| {
                        days.set(event_target_value(&ev));
                        inherits.set(false);
                    }/>
                <p class="help" id="retention-days-help">"1 to 36,500 days; 365 is a year."</p>
                <p class="field-error" id="retention-days-error">{about(error, "days")}</p>
            </fieldset>
            {counted.then(|| view! {
                <section class="preview" aria-live="polite" aria-label="What saving does">
                    <p data-testid="purge-preview">
                        <Transition fallback=move || view! { "The next purge deletes "{now}" recordings under the period saved now." }>
                            {sentence}
                        </Transition>
                    </p>
                </section>
            })}
            {page.can_modify.then(|| view! {
                <div class="field">
                    <div class="choice">
                        <input type="checkbox" id="retention-confirm" name="confirm" value="yes"
                            aria-describedby="retention-confirm-error"/>
                        <label for="retention-confirm">"I understand that a shorter period deletes these recordings at the next purge."</label>
                    </div>
                    <p class="field-error" id="retention-confirm-error">{about(error, "confirm")}</p>
                </div>
                <div><button type="submit" class="primary">"Save Changes"</button></div>
            })}
        </ActionForm>
    }
}
