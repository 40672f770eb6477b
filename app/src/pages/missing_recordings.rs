//! Missing recordings: the calls a decision said to record that have no recording after the
//! company's upload deadline, newest first, with the count per day over the last 30 days;
//! another deadline can be looked with (a GET form, so it works without JavaScript), and the
//! company's own is set here.

use crate::api::missing_recordings::{get_missing_recordings, SaveUploadDeadline};
use crate::components::form::{about, action_error, general, succeeded, successes};
use crate::components::status::{ErrorView, Loading};
use crate::components::time::Time;
use crate::error::AppError;
use crate::model::missing_recordings::MissingRecordings;
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MissingRecordingsView() -> impl IntoView {
    let company = use_company_id();
    let query = use_query_map();
    let deadline = Memo::new(move |_| query.read().get("deadline_minutes").unwrap_or_default());
    let save = ServerAction::<SaveUploadDeadline>::new();
    let saves = successes(save);
    let saved = succeeded(save, "saved");
    let page =
        Resource::new(move || (company(), deadline.get(), saves.get()), |(c, d, _)| get_missing_recordings(c, d));
    view! {
        <Title text="Missing recordings"/>
        <section class="page">
            <h1>"Missing recordings"</h1>
            <p class="muted">"Calls a decision said to record that have no recording after the upload deadline: the first place to look when a call was recorded but is not in Stored Recordings. A recording that arrives later takes its call off this list."</p>
            <p class="alert ok" role="status" hidden=move || !saved()>"Saved. Calls are listed once this long has passed without their recording."</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <Missing page=p save company=company() asked=deadline.get_untracked()/> }.into_any(),
                        Err(AppError::Invalid { message, .. }) => view! {
                            <LookForm asked=deadline.get_untracked() error=Some(message)/>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Another deadline to look with, in the address.
#[component]
fn LookForm(asked: String, error: Option<String>) -> impl IntoView {
    let invalid = error.is_some().to_string();
    view! {
        <form class="filters" method="get" aria-label="Look with another deadline">
            <div class="field">
                <label for="missing-deadline">"Look with a deadline of (minutes)"</label>
                <input id="missing-deadline" name="deadline_minutes" type="text" inputmode="numeric" value=asked
                    autocomplete="off" aria-invalid=invalid aria-describedby="missing-deadline-help missing-deadline-error"/>
                <p class="help" id="missing-deadline-help">"0 lists every call without its recording, however recent."</p>
                <p class="field-error" id="missing-deadline-error">{error}</p>
            </div>
            <div class="actions">
                <button type="submit">"Look"</button>
                <a class="button secondary" href="?">"The company's deadline"</a>
            </div>
        </form>
    }
}

#[component]
fn Missing(
    page: MissingRecordings,
    save: ServerAction<SaveUploadDeadline>,
    company: String,
    asked: String,
) -> impl IntoView {
    let error = action_error(save);
    const FIELDS: &[&str] = &["minutes"];
    let days = page
        .per_day
        .iter()
        .map(|d| view! { <tr><th scope="row">{d.day.clone()}</th><td class="number">{d.count}</td></tr> })
        .collect_view();
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row"><Time at=r.decided_at.clone()/></th>
                    <td><code>{r.call_id.clone()}</code></td>
                    <td><code>{r.rule.clone()}</code></td>
                </tr>
            }
        })
        .collect_view();
    let summary = format!(
        "{} in the last 30 days, looking {} minutes after each decision{}.",
        match page.last_30_days {
            0 => "No missing recording".to_string(),
            1 => "1 missing recording".to_string(),
            n => format!("{n} missing recordings"),
        },
        page.deadline_minutes,
        if page.deadline_minutes == page.company_deadline_minutes { " (the company's upload deadline)" } else { "" }
    );
    view! {
        <p data-testid="missing-summary">{summary}</p>
        <LookForm asked=asked error=None/>
        {(!page.per_day.is_empty()).then(|| view! {
            <h2>"Per day"</h2>
            <table>
                <caption class="visually-hidden">"Missing recordings per day, the last 30 days"</caption>
                <thead><tr><th scope="col">"Day (UTC)"</th><th scope="col" class="number">"Missing"</th></tr></thead>
                <tbody>{days}</tbody>
            </table>
        })}
        <h2>"Calls without their recording"</h2>
        {if page.rows.is_empty() {
            view! { <p class="empty">"Every call a decision said to record has its recording."</p> }.into_any()
        } else {
            view! {
                <table data-testid="missing-list">
                    <caption class="visually-hidden">"Calls without their recording, newest first"</caption>
                    <thead><tr><th scope="col">"Decided"</th><th scope="col">"Call id"</th><th scope="col">"Rule that fired"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }}
        {page.can_modify.then(|| view! {
            <h2>"Upload deadline"</h2>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="company" value=company.clone()/>
                <input type="hidden" name="version" value=page.version/>
                <p class="alert error" role="alert" hidden=move || general(error, FIELDS)().is_none()>{general(error, FIELDS)}</p>
                <div class="field">
                    <label for="upload-deadline">"Minutes the engine has to upload a recording"</label>
                    <input id="upload-deadline" name="minutes" type="text" inputmode="numeric" autocomplete="off"
                        value=page.company_deadline_minutes aria-describedby="upload-deadline-help upload-deadline-error"
                        aria-invalid=move || about(error, "minutes")().is_some().to_string()/>
                    <p class="help" id="upload-deadline-help">"1 to 10,080 (a week); seed 002's upload SLA is 25."</p>
                    <p class="field-error" id="upload-deadline-error">{about(error, "minutes")}</p>
                </div>
                <div><button type="submit" class="primary">"Save Changes"</button></div>
            </ActionForm>
        })}
    }
}
