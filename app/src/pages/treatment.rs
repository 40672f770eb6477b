//! Recording treatment: the company's defaults of how a recorded call is handled
//! (announcement, beep, manual start and stop, ask to record, e-mail delivery). Each user
//! inherits them unless their own dialog sets an option.

use crate::api::treatment::{get_treatment_page, SaveTreatment};
use crate::components::form::{action_error, succeeded, successes};
use crate::components::status::Loaded;
use crate::components::treatment::TreatmentFields;
use crate::model::TreatmentPage;
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TreatmentView() -> impl IntoView {
    let company = use_company_id();
    let save = ServerAction::<SaveTreatment>::new();
    let saves = successes(save);
    let page = Resource::new(move || (company(), saves.get()), |(c, _)| get_treatment_page(c));
    let saved = succeeded(save, "saved");
    let query = use_query_map();
    let uploaded = move || query.read().get("uploaded");
    view! {
        <Title text="Recording treatment"/>
        <section class="page">
            <h1>"Recording treatment"</h1>
            <p class="muted">"How a recorded call is handled, for every user of the company who does not set an option of their own (in the user's dialog on the Users page)."</p>
            <p class="alert ok" role="status" hidden=move || !saved()>"Saved. Calls decided from now on use these defaults."</p>
            {move || uploaded().map(|n| view! { <p class="alert ok" role="status">{format!("Uploaded {n}: choose it as the MP3 below.")}</p> })}
            <Loaded resource=page render=move |p| view! { <TreatmentForm page=p save company=company()/> }/>
        </section>
    }
}

#[component]
fn TreatmentForm(page: TreatmentPage, save: ServerAction<SaveTreatment>, company: String) -> impl IntoView {
    let error = action_error(save);
    let read_only = !page.licensed || !page.can_modify;
    let over_limit = RwSignal::new(false);
    let general = move || {
        error()
            .filter(|e| e.field().is_none() || e.field() == Some("licence") || e.field() == Some("announcement"))
            .map(|e| e.to_string())
    };
    let query = use_query_map();
    let upload_error = query.read_untracked().get("error");
    let upload_action = format!("/api/v1/companies/{company}/audio");
    let back = format!("/c/{company}/treatment");
    let notice = (!page.licensed)
        .then_some("This company has no call-recording licence: these settings cannot be changed.")
        .or((!page.can_modify).then_some("Changing these settings needs the Recording Policy: Modify privilege."));
    view! {
        {notice.map(|n| view! { <p class="notice warn">{n}</p> })}
        <ActionForm action=save attr:class="form editor" attr:aria-label="Treatment defaults">
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="version" value=page.version/>
            <p class="alert error" role="alert" hidden=move || general().is_none()>{general}</p>
            <TreatmentFields form=page.form inherit=false effective=None mp3_files=page.mp3_files disabled=read_only
                error over_limit prefix="company" upload=(!read_only).then(|| ("announcement-upload".to_string(), back.clone(), upload_error.clone()))/>
            {(!read_only).then(|| view! {
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || over_limit.get()>"Apply"</button>
                </div>
            })}
        </ActionForm>
        // The MP3 upload's own form: its fields sit in the announcement section above.
        <form id="announcement-upload" method="post" enctype="multipart/form-data" action=upload_action aria-label="Upload an MP3 announcement"></form>
    }
}
