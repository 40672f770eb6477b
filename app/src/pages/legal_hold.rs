//! Legal hold on the recordings pages: a recording's hold (who, when, why) with the forms
//! that place and release it on its details page, and the same over every recording the
//! Stored Recordings filter matches, with their count before confirming. Every form posts
//! without JavaScript too.

use crate::api::legal_hold::{
    get_bulk_hold_preview, BulkLegalHold, BulkReleaseLegalHold, PlaceLegalHold, ReleaseLegalHold,
};
use crate::components::form::{about, action_error, general, succeeded};
use crate::components::time::Time;
use crate::model::legal_hold::{BulkAction, BulkFilter, LegalHold};
use crate::model::recordings::RecordingFilter;
use leptos::prelude::*;

/// "Placed by ann@… on 2026-11-02 09:15 UTC. Reason: Claim 42. Case: C-7."
fn described(h: &LegalHold) -> impl IntoView {
    let case = h.case_reference.as_deref().map(|c| format!(" Case: {c}.")).unwrap_or_default();
    view! {
        {format!("Placed by {} on ", h.placed_by)}<Time at=h.placed_at.clone()/>{format!(". Reason: {}.{case}", h.reason)}
    }
}

/// A recording's hold, and the form that places or releases it for those who may.
#[component]
pub fn HoldPanel(
    company: String,
    recording: String,
    hold: Option<LegalHold>,
    can_hold: bool,
    place: ServerAction<PlaceLegalHold>,
    release: ServerAction<ReleaseLegalHold>,
) -> impl IntoView {
    let (place_error, release_error) = (action_error(place), action_error(release));
    let (held_now, released_now) = (succeeded(place, "held"), succeeded(release, "released"));
    const FIELDS: &[&str] = &["reason", "case_reference"];
    let state = match &hold {
        Some(h) => view! {
            <p class="notice warn" data-testid="legal-hold">"On legal hold: it cannot be deleted or purged. "{described(h)}</p>
        }
        .into_any(),
        None => view! { <p class="muted" data-testid="legal-hold">"Not on legal hold."</p> }.into_any(),
    };
    let form = match (can_hold, hold.is_some()) {
        (false, _) => None,
        (true, true) => Some(
            view! {
                <ActionForm action=release attr:class="actions">
                    <input type="hidden" name="company" value=company.clone()/>
                    <input type="hidden" name="recording" value=recording.clone()/>
                    <p class="alert error" role="alert" hidden=move || release_error().is_none()>{move || release_error().map(|e| e.to_string())}</p>
                    <button type="submit" class="secondary">"Release the hold"</button>
                </ActionForm>
            }
            .into_any(),
        ),
        (true, false) => Some(
            view! {
                <ActionForm action=place attr:class="form">
                    <input type="hidden" name="company" value=company.clone()/>
                    <input type="hidden" name="recording" value=recording.clone()/>
                    <p class="alert error" role="alert" hidden=move || general(place_error, FIELDS)().is_none()>{general(place_error, FIELDS)}</p>
                    <HoldFields prefix="hold" error=place_error/>
                    <div><button type="submit" class="primary">"Place on legal hold"</button></div>
                </ActionForm>
            }
            .into_any(),
        ),
    };
    view! {
        <section class="settings" aria-labelledby="hold-heading">
            <h2 id="hold-heading">"Legal hold"</h2>
            <p class="alert ok" role="status" hidden=move || !held_now()>"The recording is on legal hold."</p>
            <p class="alert ok" role="status" hidden=move || !released_now()>"The hold was released."</p>
            {state}
            {form}
        </section>
    }
}

/// The reason and case reference of a hold, each with its message below it.
#[component]
fn HoldFields(
    prefix: &'static str,
    error: impl Fn() -> Option<crate::error::AppError> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let field = move |name: &'static str, label: &'static str, help: &'static str, required: bool| {
        let id = format!("{prefix}-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id.clone() name=name type="text" autocomplete="off" required=required
                    aria-describedby=format!("{id}-help {id}-error")
                    aria-invalid=move || about(error, name)().is_some().to_string()/>
                <p class="help" id=format!("{id}-help")>{help}</p>
                <p class="field-error" id=format!("{id}-error")>{about(error, name)}</p>
            </div>
        }
    };
    view! {
        {field("reason", "Reason", "Why it is kept, e.g. the claim, complaint or request it is held for.", true)}
        {field("case_reference", "Case reference (optional)", "The case or ticket number, if there is one.", false)}
    }
}

/// The hidden fields that carry the list's filter into a bulk form.
fn filter_fields(f: &RecordingFilter) -> impl IntoView {
    [
        ("from", &f.from),
        ("to", &f.to),
        ("direction", &f.direction),
        ("q", &f.q),
        ("hold", &f.hold),
        ("consent", &f.consent),
        ("tz", &f.tz),
    ]
    .into_iter()
    .map(|(k, v)| view! { <input type="hidden" name=format!("filter[{k}]") value=v.clone()/> })
    .collect_view()
}

/// Place or release the hold of every recording the current filter matches, after seeing
/// how many.
#[component]
pub fn BulkHoldPanel(
    company: String,
    filter: RecordingFilter,
    place: ServerAction<BulkLegalHold>,
    release: ServerAction<BulkReleaseLegalHold>,
) -> impl IntoView {
    let key = (company.clone(), BulkFilter::of(&filter));
    let preview = Resource::new(
        move || (key.clone(), place.version().get() + release.version().get()),
        |((c, f), _)| get_bulk_hold_preview(c, BulkAction::Place, f),
    );
    let (place_error, release_error) = (action_error(place), action_error(release));
    const FIELDS: &[&str] = &["reason", "case_reference", "confirm"];
    let company = StoredValue::new(company);
    let filter = StoredValue::new(filter);
    view! {
        // Open when a form of it was refused (after a post without JavaScript, too).
        <details class="settings bulk-hold" open=move || place_error().is_some() || release_error().is_some()>
            <summary>"Legal hold for the recordings of this filter"</summary>
            <Transition fallback=|| view! { <p class="muted">"Counting the recordings…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) if p.matching == 0 => view! { <p class="empty">"No recordings match this filter."</p> }.into_any(),
                        Ok(p) => {
                            let held = p.matching - p.changed;
                            view! {
                                <p data-testid="bulk-hold-preview">{p.sentence(BulkAction::Place)}</p>
                                {(p.changed > 0).then(|| view! {
                                    <ActionForm action=place attr:class="form">
                                        <input type="hidden" name="company" value=company.get_value()/>
                                        {filter_fields(&filter.get_value())}
                                        <p class="alert error" role="alert" hidden=move || general(place_error, FIELDS)().is_none()>{general(place_error, FIELDS)}</p>
                                        <HoldFields prefix="bulk-hold" error=place_error/>
                                        <div class="choice">
                                            <input type="checkbox" id="bulk-hold-confirm" name="confirm" value="yes" aria-describedby="bulk-hold-confirm-error"/>
                                            <label for="bulk-hold-confirm">{if p.changed == 1 { "Place the hold on this recording".to_string() } else { format!("Place the hold on these {} recordings", p.changed) }}</label>
                                        </div>
                                        <p class="field-error" id="bulk-hold-confirm-error">{about(place_error, "confirm")}</p>
                                        <div><button type="submit" class="primary">"Place on legal hold"</button></div>
                                    </ActionForm>
                                })}
                                {(held > 0).then(|| view! {
                                    <ActionForm action=release attr:class="form">
                                        <input type="hidden" name="company" value=company.get_value()/>
                                        {filter_fields(&filter.get_value())}
                                        <div class="choice">
                                            <input type="checkbox" id="bulk-release-confirm" name="confirm" value="yes" aria-describedby="bulk-release-confirm-error"/>
                                            <label for="bulk-release-confirm">{if held == 1 { "Release the hold of the held recording".to_string() } else { format!("Release the hold of the {held} held recordings") }}</label>
                                        </div>
                                        <p class="field-error" id="bulk-release-confirm-error">{move || release_error().map(|e| e.to_string())}</p>
                                        <div><button type="submit" class="secondary">"Release the hold"</button></div>
                                    </ActionForm>
                                })}
                            }
                            .into_any()
                        }
                        Err(e) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </details>
    }
}
