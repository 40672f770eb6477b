//! Storage: where the company's recordings are kept (the platform's storage or a storage
//! account of its own, an S3-compatible bucket), the stored format and the maximum recording
//! length. A new account is tried before it is saved; its secret is never shown again.

use crate::api::storage::{get_storage_check, get_storage_page, SaveStorage};
use crate::components::form::{about, action_error, general, succeeded, successes};
use crate::components::status::{ErrorView, Loaded};
use crate::error::AppError;
use crate::model::storage::{CheckLine, StorageCheck, StoragePage};
use crate::pages::company::use_company_id;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StorageView() -> impl IntoView {
    let company = use_company_id();
    let save = ServerAction::<SaveStorage>::new();
    let saves = successes(save);
    let page = Resource::new(move || (company(), saves.get()), |(c, _)| get_storage_page(c));
    let saved = succeeded(save, "saved");
    view! {
        <Title text="Storage"/>
        <section class="page">
            <h1>"Storage"</h1>
            <p class="muted">"Where this company's recordings are kept, and how. A change applies to recordings uploaded from now on; those kept before stay where they are and can still be played."</p>
            <p class="alert ok" role="status" hidden=move || !saved()>"Saved. New recordings are kept as set below."</p>
            <Loaded resource=page render=move |p| view! { <StorageForm page=p save company=company()/> }/>
        </section>
    }
}

/// One text field of the account, its message below it.
#[component]
fn AccountField(
    name: &'static str,
    label: &'static str,
    value: String,
    help: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    disabled: bool,
    error: impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static,
    #[prop(optional)] input_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let field = match name {
        "endpoint" => "account.endpoint",
        "region" => "account.region",
        "bucket" => "account.bucket",
        "prefix" => "account.prefix",
        "key_id" => "account.key_id",
        _ => "account.secret",
    };
    let id = format!("storage-{name}");
    let described = format!("{id}-help {id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input node_ref=input_ref id=id.clone() type=kind name=format!("form[{name}]") value=value autocomplete=autocomplete
                disabled=disabled aria-describedby=described spellcheck="false"
                aria-invalid=move || about(error, field)().is_some().to_string()/>
            <p class="help" id=format!("{id}-help")>{help}</p>
            <p class="field-error" id=format!("{id}-error")>{about(error, field)}</p>
        </div>
    }
}

#[component]
fn StorageForm(page: StoragePage, save: ServerAction<SaveStorage>, company: String) -> impl IntoView {
    let error = action_error(save);
    let company_for_check = company.clone();
    // A saved secret is never shown again, not even as what was just typed.
    let secret_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            if let Some(input) = secret_input.get() {
                input.set_value("");
            }
        }
    });
    let read_only = !page.can_modify;
    let form = page.form;
    let view = page.view;
    let own = form.keep_in == "own";
    let has_account = view.storage.account.is_some();
    let notice = if !view.platform_storage && !has_account {
        Some(("warn", "This company has no storage for recordings yet: uploads are refused until it has a storage account of its own, set up below."))
    } else if read_only {
        Some(("warn", "Changing where recordings are kept needs the Recording Policy: Modify privilege."))
    } else {
        None
    };
    let saved_line = view.account_saved_at.clone().map(|at| {
        let by = view.account_saved_by.clone().unwrap_or_default();
        view! { "The account in use was saved on "<crate::components::time::Time at=at/>{format!(" by {by}.")} }
    });
    let seal_notice = (!page.can_seal && !read_only).then_some(
        "This server has no EARMARK_SECRET_KEY, so it cannot keep a secret key safely: ask its operator to set one before saving an account of your own.",
    );
    let secret_help = if has_account {
        "Saved and never shown again. Leave it empty to keep it; enter a new one to replace it."
    } else {
        "Kept encrypted on the server and never shown again."
    };
    let general = general(
        error,
        &[
            "account",
            "account.endpoint",
            "account.region",
            "account.bucket",
            "account.prefix",
            "account.key_id",
            "account.secret",
            "stored_format",
            "max_length_seconds",
        ],
    );
    let platform_label = if view.platform_storage {
        "The platform's storage"
    } else {
        "The platform's storage (this platform keeps none)"
    };
    view! {
        {notice.map(|(kind, n)| view! { <p class=format!("notice {kind}")>{n}</p> })}
        <ActionForm action=save attr:class="form editor" attr:aria-label="Storage settings">
            <input type="hidden" name="company" value=company/>
            <input type="hidden" name="version" value=view.version/>
            <p class="alert error" role="alert" hidden=move || general().is_none()>{general}</p>
            <fieldset aria-describedby="storage-keep-in-error">
                <legend>"Keep recordings in"</legend>
                <label class="check" for="storage-keep-in-platform">
                    <input id="storage-keep-in-platform" type="radio" name="form[keep_in]" value="platform" checked=!own disabled=read_only/>
                    {platform_label}
                </label>
                <label class="check" for="storage-keep-in-own">
                    <input id="storage-keep-in-own" type="radio" name="form[keep_in]" value="own" checked=own disabled=read_only/>
                    "A storage account of this company's own (S3-compatible)"
                </label>
                <p class="field-error" id="storage-keep-in-error">{about(error, "account")}</p>
            </fieldset>
            <fieldset>
                <legend>"Storage account"</legend>
                <p class="help">"Used when \"A storage account of this company's own\" is chosen. Before it is saved, Earmark writes, reads back and deletes a small probe object there."</p>
                {saved_line.map(|l| view! { <p class="help">{l}</p> })}
                {seal_notice.map(|n| view! { <p class="notice warn">{n}</p> })}
                <AccountField name="endpoint" label="Endpoint" value=form.endpoint disabled=read_only error
                    help=Some("The S3 address, e.g. https://s3.eu-west-1.amazonaws.com; empty for Amazon S3.".into())/>
                <AccountField name="region" label="Region" value=form.region disabled=read_only error
                    help=Some("e.g. eu-west-1; empty for us-east-1.".into())/>
                <AccountField name="bucket" label="Bucket" value=form.bucket disabled=read_only error help=None/>
                <AccountField name="prefix" label="Prefix" value=form.prefix disabled=read_only error
                    help=Some("The folder of the bucket recordings go under; empty for its top.".into())/>
                <AccountField name="key_id" label="Access key id" value=form.key_id disabled=read_only error help=None/>
                <AccountField name="secret" label="Secret key" value=String::new() kind="password" autocomplete="new-password"
                    disabled=read_only error help=Some(secret_help.into()) input_ref=secret_input/>
            </fieldset>
            <div class="field">
                <label for="storage-format">"Stored format"</label>
                <select id="storage-format" name="form[stored_format]" disabled=read_only
                    aria-describedby="storage-format-help storage-format-error">
                    <option value="as_uploaded" selected=true>"As uploaded (WAV, MP3 or OGG)"</option>
                </select>
                <p class="help" id="storage-format-help">"Recordings are kept exactly as the telephony engine uploads them."</p>
                <p class="field-error" id="storage-format-error">{about(error, "stored_format")}</p>
            </div>
            <div class="field">
                <label for="storage-max-length">"Maximum recording length (minutes)"</label>
                <input id="storage-max-length" type="number" name="form[max_length_minutes]" min="1" max="1440" step="any"
                    inputmode="decimal" value=form.max_length_minutes disabled=read_only
                    aria-describedby="storage-max-length-help storage-max-length-error"
                    aria-invalid=move || about(error, "max_length_seconds")().is_some().to_string()/>
                <p class="help" id="storage-max-length-help">"The telephony engine stops recording a call after this long. Empty: no limit."</p>
                <p class="field-error" id="storage-max-length-error">{about(error, "max_length_seconds")}</p>
            </div>
            {(!read_only).then(|| view! {
                <div class="actions">
                    <button type="submit" class="primary">"Save"</button>
                </div>
            })}
        </ActionForm>
        {(!read_only).then(|| view! { <CheckSection company=company_for_check/> })}
    }
}

/// The check of `earmark check-storage`, on the page: run by following its link (a read,
/// so it works without JavaScript too), shown below.
#[component]
fn CheckSection(company: String) -> impl IntoView {
    let query = use_query_map();
    let wanted = move || query.read().get("check").is_some();
    let check = Resource::new(
        move || (company.clone(), wanted()),
        |(c, wanted)| async move {
            if wanted {
                get_storage_check(c).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <section aria-labelledby="storage-check-title">
            <h2 id="storage-check-title">"Check the storage"</h2>
            <p class="help">"Compares every recording's row with the file the storage holds: files that are missing, files whose size or SHA-256 differ, and files no recording names. It reads every recording, so it takes as long as reading them all, and it changes nothing (the platform's operator moves stray files aside with earmark check-storage --repair)."</p>
            <div class="actions"><a class="button secondary" href="?check=1">"Check now"</a></div>
            <Suspense fallback=|| view! { <p class="muted" role="status">"Checking every recording against its file…"</p> }>
                {move || Suspend::new(async move {
                    match check.await {
                        Ok(Some(report)) => view! { <CheckReport report/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CheckReport(report: StorageCheck) -> impl IntoView {
    let summary = if report.is_clean() {
        format!("Every recording ({}) matches its file in {}; no other file is there.", report.rows, report.storage)
    } else {
        format!(
            "{} recordings and {} files in {}: {} missing, {} differing, {} that no recording names.",
            report.rows, report.objects, report.storage, report.missing_count, report.differ_count, report.orphan_count
        )
    };
    let table = |caption: &'static str, lines: Vec<CheckLine>, count: usize| {
        (!lines.is_empty()).then(|| {
            let more = (count > lines.len()).then(|| format!("The first {} of {count}.", lines.len()));
            let rows = lines
                .into_iter()
                .map(|l| view! { <tr><td>{l.recording.unwrap_or_else(|| "none".into())}</td><td><code>{l.key}</code></td><td>{l.what}</td></tr> })
                .collect_view();
            view! {
                <table>
                    <caption>{caption}</caption>
                    <thead><tr><th scope="col">"Recording"</th><th scope="col">"File"</th><th scope="col">"What"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {more.map(|m| view! { <p class="help">{m}</p> })}
            }
        })
    };
    view! {
        <p class=if report.is_clean() { "notice ok" } else { "notice warn" } role="status" data-testid="storage-check">{summary}</p>
        {table("Missing files", report.missing, report.missing_count)}
        {table("Files that differ from their row", report.differ, report.differ_count)}
        {table("Files no recording names", report.orphans, report.orphan_count)}
    }
}
